/**
 * Telling users: an e-mail when a device they have not signed in from before signs in to their account
 * ({@code newSignInEmail} of the realm's policy), through Keycloak's e-mail templates and the realm's SMTP settings;
 * only to a verified address, at most five an hour, its link from the configured hostname only; and the e-mail of an
 * incident response (every session ended by an admin, a new password asked), sent for {@code api}. Owns the table of
 * known devices ({@code SC_KNOWN_DEVICE}) and removes its rows with their user and realm. May import
 * {@code sessions} (the device text, the user's lock), {@code config} and {@code support}.
 */
package dev.sessioncontrol.keycloak.notify;
