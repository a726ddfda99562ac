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

/** Keycloak's words where its User-Agent parse recognised nothing. */
const UNRECOGNISED = new Set(["", "other", "unknown"]);

function recognised(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v && !UNRECOGNISED.has(v.toLowerCase()) ? v : undefined;
}

/** Keycloak's "Chrome/131.0.0" as "Chrome 131"; a version of zeros is left out. */
function browserName(browser: string | undefined): string | undefined {
  const b = recognised(browser);
  if (!b) return undefined;
  const [family, version] = b.split("/", 2);
  if (!recognised(family)) return undefined;
  const major = version?.split(".")[0];
  return major && major !== "0" ? `${family} ${major}` : family;
}

/**
 * The device as a person reads it, from Keycloak's parse of the User-Agent: "Chrome 131 · Windows 10",
 * "Mobile Safari 17 · iOS 17.6 · iPhone". Unknown parts are left out. A sign-in from no recognised system (an
 * app's HTTP library such as okhttp) is shown by the clients it signed in to.
 */
export function deviceText(session: SessionView): string {
  const d = session.device;
  const os = recognised(d?.os);
  if (!os) {
    const clients = session.clients.map(clientLabel).join(", ");
    return clients || browserName(d?.browser) || "—";
  }
  const system = [os, recognised(d?.osVersion)].filter(Boolean).join(" ");
  return [browserName(d?.browser), system, recognised(d?.model)].filter(Boolean).join(" · ");
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
