/**
 * The extension's one, always-on event listener: stamps each new session with what the session service needs
 * later (device type, sign-in instant), applies the concurrent-login policy to it, keeps the last address current
 * without a database write on every token refresh, and tells the kept counts when Keycloak ends sessions itself.
 * Depends on {@code policy} and {@code sessions}.
 */
package dev.sessioncontrol.keycloak.events;
