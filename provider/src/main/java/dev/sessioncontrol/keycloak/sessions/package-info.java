/**
 * The session service every feature stands on: the session view, paged and filtered queries that never load
 * all sessions, and {@link dev.sessioncontrol.keycloak.sessions.SessionTerminator}, the one path by which any
 * session is ended. Knows nothing of the REST API, the Casdoor adapter or the policy.
 */
package dev.sessioncontrol.keycloak.sessions;
