/**
 * Small pieces every package may share and that know nothing of sessions: the factories' base (with the version in
 * the admin console's provider info), the check of the Keycloak release, the inert providers of an unsupported one,
 * the data-only JPA provider, the stand-in HTTP request, and bounded lanes on Keycloak's worker pools. Imports no
 * other package of this extension.
 */
package dev.sessioncontrol.keycloak.support;
