package dev.sessioncontrol.keycloak.sessions;

/**
 * One live session as committed in the database, without loading the session itself.
 *
 * @param id         user-session id (shared by the regular and the offline session of one sign-in)
 * @param type       regular or offline
 * @param deviceType the device type note, null when the session has none
 * @param signedIn   when its sign-in happened, epoch milliseconds: this extension's note, or Keycloak's start
 *                   second for sessions from before the extension
 */
public record SessionRow(String id, SessionType type, String deviceType, long signedIn) {}
