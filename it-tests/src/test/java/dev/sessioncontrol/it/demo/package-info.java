/**
 * README command 1: Keycloak with the extension and the demo realm, set up as an operator would (the master
 * realm's admin console theme, sessions made by real sign-ins). Its tests: {@code DemoFlowIT} runs the same launcher
 * as a new user meets it, {@code DemoRealmIT} signs in to the realm it imports.
 */
package dev.sessioncontrol.it.demo;
