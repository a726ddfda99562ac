/**
 * Telling users: an e-mail when a device they have not signed in from before signs in to their account
 * ({@code newSignInEmail} of the realm's policy), through Keycloak's e-mail templates and the realm's SMTP settings.
 */
package dev.sessioncontrol.keycloak.notify;
