/**
 * Ending many sessions at once: the cut-off that makes them unusable before the answer, the job row
 * ({@code SC_ENDING_JOB}) that records how far an ending got, and the runner that ends the rest in batches through
 * the one ending path, on any node. May import {@code sessions} and {@code support}.
 */
package dev.sessioncontrol.keycloak.sessions.bulk;
