/**
 * The extension's meters on Keycloak's metrics endpoint.
 */
package dev.sessioncontrol.it.metrics;
