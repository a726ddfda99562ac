/**
 * Who a user's bearer token lets in: the one check, shared by the native account routes and the Casdoor-compatible
 * API's user path, that a token is meant for the user's account (as Keycloak's account REST API checks it) and
 * holds the account role a route needs. Knows neither the routes nor their error formats; each caller turns a
 * {@link dev.sessioncontrol.keycloak.access.AccountAccess.Refused refusal} into its own answer. Imports no other package
 * of this extension.
 */
package dev.sessioncontrol.keycloak.access;
