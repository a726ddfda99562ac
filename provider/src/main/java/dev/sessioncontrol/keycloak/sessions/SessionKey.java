package dev.sessioncontrol.keycloak.sessions;

/** One row of Keycloak's session table: a session id and its type (a sign-in may have one of each). */
public record SessionKey(String id, SessionType type) {}
