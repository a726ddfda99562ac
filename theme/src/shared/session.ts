/** The session view of the native API (docs/rest-api.md). */
export type SessionView = {
  id: string;
  /** A sign-in with offline_access has one of each, with the same id. */
  type: "REGULAR" | "OFFLINE";
  maskedId: string;
  userId: string;
  username: string;
  clients: { clientId: string; name?: string }[];
  deviceType?: string;
  device?: { os?: string; osVersion?: string; browser?: string; model?: string; mobile?: boolean };
  /**
   * The device as a person reads it, made by the server from Keycloak's parse of the User-Agent: "Chrome 131 ·
   * Windows 10"; a sign-in from no recognised system (an app's HTTP library) by the clients it signed in to.
   */
  deviceText: string;
  ipAddress?: string;
  lastIpAddress?: string;
  started: number;
  lastAccess: number;
  expires: number;
  rememberMe: boolean;
  current: boolean;
};

export type SessionPage = { total: number; items: SessionView[] };

/** Device types the server resolves by default (policy contract § Device type). */
export const KNOWN_DEVICE_TYPES = ["Web", "Mobile", "Desktop", "Tablet", "OAuth"];

export function formatTime(ms: number | undefined, locale?: string): string {
  if (!ms) return "—";
  return new Date(ms).toLocaleString(locale || undefined, {
    dateStyle: "medium",
    timeStyle: "short",
  });
}

/** Answers the native API's `{"error": "..."}` message, or the status line. */
export async function errorMessage(response: Response): Promise<string> {
  try {
    const body = await response.json();
    if (body && typeof body.error === "string") return body.error;
  } catch {
    // not JSON
  }
  return `${response.status} ${response.statusText}`;
}

/** A client's display name; Keycloak's own clients carry a message key such as ${client_account}. */
export function clientLabel(client: { clientId: string; name?: string }): string {
  return client.name && !client.name.startsWith("${") ? client.name : client.clientId;
}
