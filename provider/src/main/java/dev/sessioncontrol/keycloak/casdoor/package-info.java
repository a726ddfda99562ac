/**
 * The Casdoor-compatible session API at {@code /realms/{realm}/casdoor/api/...}: a translation of Casdoor's
 * session routes, envelope and records onto {@link dev.sessioncontrol.keycloak.sessions.SessionService}, plus the
 * store of session ids that applications register themselves (Casdoor's add/update-session), kept in the
 * extension's own table through Keycloak's JPA entity SPI. It lists and ends Keycloak sessions only through the
 * session service; it decides nothing the session service already decides. May import {@code sessions},
 * {@code sessions.bulk}, {@code access} and {@code support}.
 */
package dev.sessioncontrol.keycloak.casdoor;
