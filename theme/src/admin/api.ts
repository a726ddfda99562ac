import { useAdminClient, useRealm } from "@keycloak/keycloak-admin-ui";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { acceptLanguage, errorMessage, type HistoryPage, type SessionPage } from "../shared/session";

export type SessionQuery = {
  search?: string;
  userId?: string;
  clientId?: string;
  deviceType?: string;
  ip?: string;
  /** ISO 3166-1 alpha-2, upper case: the sign-in's or the last address's country. */
  country?: string;
  type?: string;
  /** By offset; not with a cursor (the server refuses `first` > 0 with one). */
  first?: number;
  /** A page's `next`: the page after it, at the cost of the first page whatever its depth. */
  after?: string;
  /** A page's `previous`: the page before it. */
  before?: string;
  max: number;
  sort: string;
};

export type Stats = {
  total: number;
  byType?: { REGULAR: number; OFFLINE: number };
  byDeviceType: Record<string, number>;
  byClient: { clientId: string; sessions: number }[];
  /** Sessions by the ISO code of their country; `""` for those without a location. */
  byCountry?: Record<string, number>;
  excessiveSessionThreshold: number;
  excessiveUsers: { userId: string; username: string; sessions: number }[];
};

export type Ended = {
  ended: number;
  skippedCurrent?: boolean;
  covered?: number;
  remaining?: number;
  done?: boolean;
  jobId?: string;
};

/** The filters of `POST /sessions/revoke`: the listing's, by the same names (`clientId` is the client's clientId). */
export type MatchFilters = {
  userId?: string;
  search?: string;
  clientId?: string;
  deviceType?: string;
  ip?: string;
  country?: string;
  type?: string;
  startedBefore?: number;
  startedAfter?: number;
};

/** What `POST /users/{userId}/incident-response` did: the bulk ending, and the extras as done (not as asked). */
export type IncidentOutcome = Ended & {
  passwordUpdateRequired: boolean;
  notified: boolean;
};

export type IncidentOptions = {
  requirePasswordUpdate: boolean;
  notifyUser: boolean;
};

export type Policy = {
  mode: "Disabled" | "LogoutFromSameTypeDevices" | "LogoutFromAllDevices";
  maxSessionsPerDeviceType: number;
  action: "TerminateOldest" | "DenyNew";
  exemptRole?: string | null;
  deviceTypeFromUserAgent: boolean;
  excessiveSessionThreshold: number;
  newSignInEmail: boolean;
  impossibleTravelKmh: number;
};

/** `GET /history`: one page of ended sessions, newest first, of the realm or of one user, maybe of one reason. */
export type HistoryQuery = {
  userId?: string;
  reason?: string;
  first: number;
  max: number;
};

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The extension's native admin API, `/admin/realms/{realm}/session-control`, called with the
 * console's own access token. Every session shown or ended in this theme goes through it.
 */
export class SessionControlAdminApi {
  constructor(
    private readonly base: string,
    private readonly token: () => Promise<string | undefined>,
    /** The console's language: the server names places in it. */
    private readonly language?: string,
  ) {}

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const token = await this.token();
    const response = await fetch(this.base + path, {
      ...init,
      headers: {
        Accept: "application/json",
        ...acceptLanguage(this.language),
        ...(init.body ? { "Content-Type": "application/json" } : {}),
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
    });
    if (!response.ok) {
      throw new HttpError(response.status, await errorMessage(response));
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  sessions(query: SessionQuery): Promise<SessionPage> {
    return this.call(`/sessions?${queryString(query)}`);
  }

  /** Counted by the server in the database now: the number a confirmation states before ending sessions. */
  async countSessions(query: Omit<SessionQuery, "first" | "after" | "before" | "max" | "sort"> = {}): Promise<number> {
    const result = await this.call<{ count: number }>(`/sessions/count?${queryString(query)}`);
    return result.count;
  }

  endSession(id: string): Promise<void> {
    return this.call(`/sessions/${encodeURIComponent(id)}`, { method: "DELETE" });
  }

  endUserSessions(userId: string): Promise<Ended> {
    return this.call(`/users/${encodeURIComponent(userId)}/sessions`, {
      method: "DELETE",
    });
  }

  job(id: string): Promise<Ended> {
    return this.call(`/jobs/${encodeURIComponent(id)}`);
  }

  /** Exactly what `revokeMatching` with these filters would cover now; ends nothing. */
  async countMatching(filters: MatchFilters): Promise<number> {
    const result = await this.call<{ count: number }>(`/sessions/revoke`, {
      method: "POST",
      body: JSON.stringify({ ...setFilters(filters), dryRun: true }),
    });
    return result.count;
  }

  revokeMatching(filters: MatchFilters): Promise<Ended> {
    return this.call(`/sessions/revoke`, { method: "POST", body: JSON.stringify(setFilters(filters)) });
  }

  incidentResponse(userId: string, options: IncidentOptions): Promise<IncidentOutcome> {
    return this.call(`/users/${encodeURIComponent(userId)}/incident-response`, {
      method: "POST",
      body: JSON.stringify(options),
    });
  }

  revokeAll(): Promise<Ended> {
    return this.call(`/sessions/revoke-all`, { method: "POST" });
  }

  /** The realm's counts, whatever the page's filters (the route takes none). */
  stats(): Promise<Stats> {
    return this.call(`/stats`);
  }

  history(query: HistoryQuery): Promise<HistoryPage> {
    return this.call(`/history?${queryString(query)}`);
  }

  policy(): Promise<Policy> {
    return this.call(`/policy`);
  }

  savePolicy(policy: Policy): Promise<Policy | undefined> {
    return this.call(`/policy`, { method: "PUT", body: JSON.stringify(policy) });
  }
}

/** The query parameters that are set: an empty field is no filter. */
function queryString(query: object): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  return params;
}

/** The filters that are set: an empty field is no filter, and the server would reject it as a value. */
export function setFilters(filters: MatchFilters): MatchFilters {
  return Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== ""),
  ) as MatchFilters;
}

export function useSessionControlApi(): SessionControlAdminApi {
  const { adminClient, keycloak } = useAdminClient();
  const { realm } = useRealm();
  const { i18n } = useTranslation();
  return useMemo(
    () =>
      new SessionControlAdminApi(
        `${adminClient.baseUrl}/admin/realms/${encodeURIComponent(realm)}/session-control`,
        async () => {
          await keycloak.updateToken(5);
          return keycloak.token;
        },
        i18n.language,
      ),
    [adminClient, keycloak, realm, i18n.language],
  );
}
