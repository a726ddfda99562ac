/**
 * The Casdoor-compatible API: its envelope and wording, the real Casdoor SDK against it, sso-logout, registered ids
 * kept across restarts and shared by two nodes.
 */
package dev.sessioncontrol.it.casdoor;
