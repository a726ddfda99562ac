import { useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { useMemo } from "react";
import { errorMessage, type SessionView } from "../shared/session";

/** The self-service half of the native API: `/realms/{realm}/session-control/account`. */
export function useAccountSessionsApi() {
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  return useMemo(() => {
    const base = `${environment.serverBaseUrl.replace(/\/$/, "")}/realms/${encodeURIComponent(
      environment.realm,
    )}/session-control/account`;
    const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
      await keycloak.updateToken(5);
      const response = await fetch(base + path, {
        ...init,
        headers: { Accept: "application/json", Authorization: `Bearer ${keycloak.token}` },
      });
      if (!response.ok) throw new Error(await errorMessage(response));
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    };
    return {
      list: () => call<SessionView[]>("/sessions"),
      end: (id: string) => call<void>(`/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),
      endOthers: () => call<{ ended: number; remaining: number }>("/sessions", { method: "DELETE" }),
    };
  }, [environment, keycloak]);
}
