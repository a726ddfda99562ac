/**
 * The native REST API: self-service routes under {@code /realms/{realm}/session-control/account} and admin
 * routes under {@code /admin/realms/{realm}/session-control}. Authorization, input validation and JSON shapes
 * live here; everything else is the session service's (and the incident e-mail's, in {@code notify}). May import
 * {@code sessions}, {@code sessions.bulk}, {@code notify}, {@code access}, {@code config}, {@code device} and
 * {@code support}.
 */
package dev.sessioncontrol.keycloak.api;
