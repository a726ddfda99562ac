/**
 * Device classification: which device type a new session belongs to (client attribute, ABP's defaults,
 * optionally the User-Agent, read from the request here). Pure decisions live here; nothing in this package touches
 * sessions. Imports no other package of this extension.
 */
package dev.sessioncontrol.keycloak.device;
