/**
 * A test-only Keycloak provider that creates many sessions quickly for the benchmark. Packaged into its own
 * jar by the it-tests build and put into the benchmark server's providers/ only; never shipped.
 */
package dev.sessioncontrol.it.seed;
