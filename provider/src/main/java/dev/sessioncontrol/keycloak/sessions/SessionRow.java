package dev.sessioncontrol.keycloak.sessions;

/**
 * One live session as committed in the database, without loading the session itself.
 *
 * @param id         user-session id
 * @param deviceType the device type note, null when the session has none
 * @param started    epoch seconds
 */
public record SessionRow(String id, String deviceType, int started) {
}
