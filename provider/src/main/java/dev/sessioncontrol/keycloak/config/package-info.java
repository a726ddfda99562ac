/**
 * The realm-level session-control settings: one policy object, stored as realm attributes, read by every
 * feature (policy, device classification, stats) and written only through the admin API. Imports no other package
 * of this extension.
 */
package dev.sessioncontrol.keycloak.config;
