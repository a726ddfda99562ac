/**
 * The always-on event listener: records on each new session what the session service needs later (its device
 * type) and keeps the last address current without a database write on every token refresh.
 */
package dev.sessioncontrol.keycloak.events;
