/**
 * The extension's meters on Keycloak's registry: session gauges that read the kept counts through
 * {@code sessions.SessionCounts}, and counters of endings and refusals, told through {@code sessions.SessionRecorder}.
 * May import {@code sessions}, {@code device} and {@code support}.
 */
package dev.sessioncontrol.keycloak.metrics;
