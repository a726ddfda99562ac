/**
 * The harness every test shares: the servers (one node, a cluster, PostgreSQL, mail), realms and clients, the one
 * scripted HTTP browser ({@code Browser}) beside headless Chromium ({@code WebBrowser}), token, REST, Casdoor and
 * metrics clients, and waiting for a condition ({@code Poll}). Nothing here knows a test class.
 */
package dev.sessioncontrol.it.support;
