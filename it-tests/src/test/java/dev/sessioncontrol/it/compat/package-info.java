/**
 * The extension on an older Keycloak it does not support: recognised and kept off.
 */
package dev.sessioncontrol.it.compat;
