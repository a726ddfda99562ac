import { useEnvironment, type AccountEnvironment } from "@keycloak/keycloak-account-ui";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { acceptLanguage, errorMessage, type HistoryPage, type SessionView } from "../shared/session";

/** The self-service half of the native API: `/realms/{realm}/session-control/account`. */
export function useAccountSessionsApi() {
  const { environment, keycloak } = useEnvironment<AccountEnvironment>();
  // The server names places in the page's language.
  const { i18n } = useTranslation();
  const language = i18n.language;
  return useMemo(() => {
    const base = `${environment.serverBaseUrl.replace(/\/$/, "")}/realms/${encodeURIComponent(
      environment.realm,
    )}/session-control/account`;
    const call = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
      await keycloak.updateToken(5);
      const response = await fetch(base + path, {
        ...init,
        headers: {
          Accept: "application/json",
          ...acceptLanguage(language),
          Authorization: `Bearer ${keycloak.token}`,
        },
      });
      if (!response.ok) throw new Error(await errorMessage(response));
      if (response.status === 204) return undefined as T;
      return (await response.json()) as T;
    };
    return {
      list: () => call<SessionView[]>("/sessions"),
      end: (id: string) => call<void>(`/sessions/${encodeURIComponent(id)}`, { method: "DELETE" }),
      endOthers: () => call<{ ended: number; remaining: number }>("/sessions", { method: "DELETE" }),
      /** One page of the caller's ended sessions, newest first. */
      history: (first: number, max: number) =>
        call<HistoryPage>(`/history?${new URLSearchParams({ first: String(first), max: String(max) })}`),
    };
  }, [environment, keycloak, language]);
}
