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
  /** Where `ipAddress` is, from the server's location database; absent when unknown. */
  location?: Place;
  /** Where `lastIpAddress` is; absent when unknown. */
  lastLocation?: Place;
  /** Alerts raised on the session, e.g. `impossibleTravel`. */
  flags?: string[];
};

/** A place as the server names it, in the language the console asks for (`Accept-Language`). */
export type Place = { countryCode: string; country?: string; city?: string };

/** The flag of a sign-in farther from the previous one than anyone can travel in the time. */
export const IMPOSSIBLE_TRAVEL = "impossibleTravel";

/** One ended session of `GET .../history`, newest first; `reason` is absent for a sign-out in an application. */
export type EndedSession = {
  sessionId: string;
  type?: "REGULAR" | "OFFLINE";
  userId: string;
  username?: string;
  ended: number;
  reason?: string;
  deviceType?: string;
  device?: SessionView["device"];
  deviceText?: string;
  ipAddress?: string;
  location?: Place;
  clients?: { clientId: string; name?: string }[];
};

/** `eventsStored` false: the realm keeps no sign-out events, so there is no history to show. */
export type HistoryPage = { eventsStored: boolean; items: EndedSession[] };

/**
 * The message key of an ending's reason in words (`details.reason` of its `LOGOUT` event). Without a reason the
 * session was signed out through an application (or by Keycloak itself); a reason of a newer server is shown as is.
 */
export function reasonKey(reason: string | undefined): string | undefined {
  if (!reason) return "sessionControlReasonApplication";
  const known: Record<string, string> = {
    "revoked-by-user": "sessionControlReasonRevokedByUser",
    "revoked-by-admin": "sessionControlReasonRevokedByAdmin",
    "revoke-all": "sessionControlReasonRevokeAll",
    "revoke-matching": "sessionControlReasonRevokeMatching",
    "incident-response": "sessionControlReasonIncidentResponse",
    "concurrent-login-policy": "sessionControlReasonConcurrentLoginPolicy",
    "casdoor-api": "sessionControlReasonCasdoorApi",
    "sso-logout": "sessionControlReasonSsoLogout",
  };
  return known[reason];
}

/** The reasons an admin can filter the history by, as the server records them. */
export const END_REASONS = [
  "revoked-by-user",
  "revoked-by-admin",
  "revoke-all",
  "revoke-matching",
  "incident-response",
  "concurrent-login-policy",
  "casdoor-api",
  "sso-logout",
];

/** "Berlin, Germany", or the country alone when the database knows no city; undefined when unknown. */
export function placeText(place: Place | undefined): string | undefined {
  if (!place || !place.countryCode) return undefined;
  const country = place.country || place.countryCode;
  return place.city ? `${place.city}, ${country}` : country;
}

/** Whether two places are the same as shown (the last address may have moved within one city). */
export function samePlace(a: Place | undefined, b: Place | undefined): boolean {
  return placeText(a) === placeText(b);
}

/** The console's language as an `Accept-Language` value: the server names places in it. */
export function acceptLanguage(language: string | undefined): Record<string, string> {
  return language ? { "Accept-Language": `${language.replace(/_/g, "-")}, en;q=0.5` } : {};
}

/** A country's name from its ISO code, in the console's language (the stats count by code). */
export function countryName(code: string, language: string | undefined): string {
  try {
    const names = new Intl.DisplayNames([(language || "en").replace(/_/g, "-")], { type: "region" });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/**
 * One page of the listing. `next` is sent back as `after` for the page after it, `previous` as `before` for the one
 * before; null on the last page and on the first, respectively. A cursor belongs to the sort it was read with.
 */
export type SessionPage = {
  total: number;
  items: SessionView[];
  next?: string | null;
  previous?: string | null;
};

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

/**
 * The device of an ended session as a person reads it: the server's `deviceText` when the history has it, else made
 * from Keycloak's parse ("Chrome/131.0.0" on "Windows" "10" → "Chrome 131 · Windows 10"), leaving out its "Other"
 * and "Unknown".
 */
export function endedDeviceText(item: EndedSession): string | undefined {
  if (item.deviceText) return item.deviceText;
  const known = (value: string | undefined) =>
    value && value !== "Other" && value !== "Unknown" && value !== "0" ? value : undefined;
  const browser = known(item.device?.browser)?.replace(/\/(\d+).*$/, " $1");
  const os = known(item.device?.os);
  const system = os && [os, known(item.device?.osVersion)].filter(Boolean).join(" ");
  const text = [browser, system].filter(Boolean).join(" · ");
  return text || undefined;
}
