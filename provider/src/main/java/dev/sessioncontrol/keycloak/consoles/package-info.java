/**
 * The admin and account console themes: offered to Keycloak by a theme provider of this jar, on a supported
 * Keycloak only. The consoles themselves are built by the {@code theme} module and copied into the jar. May import
 * {@code support}.
 */
package dev.sessioncontrol.keycloak.consoles;
