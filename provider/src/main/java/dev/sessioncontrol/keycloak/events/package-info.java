/**
 * The extension's one, always-on event listener and the stamping of sessions: each new session gets what the session
 * service needs later (device type, sign-in instant, place), then the place check, the concurrent-login policy and the
 * new-sign-in e-mail;
 * the last address is kept current without a database write on every token refresh, and the kept counts are told
 * when Keycloak ends sessions itself. May import {@code sessions}, {@code policy}, {@code notify}, {@code geo}, {@code config},
 * {@code device} and {@code support}.
 */
package dev.sessioncontrol.keycloak.events;
