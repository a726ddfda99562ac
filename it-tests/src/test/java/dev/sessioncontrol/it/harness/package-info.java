/**
 * The extension as installed: loaded by Keycloak on one node and on two, its provider info, a cluster node's
 * restart.
 */
package dev.sessioncontrol.it.harness;
