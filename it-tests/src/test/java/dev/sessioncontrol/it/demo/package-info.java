/**
 * README command 1: Keycloak with the extension and the demo realm, set up as an operator would (the master
 * realm's admin console theme, sessions made by real sign-ins). {@code DemoFlowIT} runs the same code.
 */
package dev.sessioncontrol.it.demo;
