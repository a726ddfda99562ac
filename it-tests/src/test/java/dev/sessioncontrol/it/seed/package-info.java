/**
 * A test-only Keycloak provider that creates many sessions quickly for the benchmark and the Sessions page's scale
 * test, and holds a realm's database row locked for the test that registrations do not wait for it. Packaged into
 * its own jar by the it-tests build and put into the test servers' providers/ only; never shipped.
 */
package dev.sessioncontrol.it.seed;
