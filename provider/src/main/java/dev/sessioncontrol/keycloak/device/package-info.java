/**
 * Device classification: which device type a new session belongs to (client attribute, ABP's defaults,
 * optionally the User-Agent). Pure decisions live here; nothing in this package touches sessions.
 */
package dev.sessioncontrol.keycloak.device;
