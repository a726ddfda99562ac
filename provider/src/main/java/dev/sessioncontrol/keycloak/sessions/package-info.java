/**
 * The session service every feature stands on: the session view (with its device text), filters, orders, the
 * paged and indexed queries that never load all sessions ({@code SessionIndex}, with its indexes' changelog), and the
 * one ending path with a single claim-and-end ({@code SessionService}, then {@code SessionTerminator}), and the history
 * of ended sessions read back from Keycloak's stored {@code LOGOUT} events ({@code SessionHistory}). Owns the
 * interfaces of what it needs from outside, implemented elsewhere: the node's kept counts ({@code SessionCounts}, in {@code sessions.counts})
 * and the recorder told of sign-ins, endings and refusals ({@code SessionRecorder}, in {@code metrics}). Of this
 * extension's packages it imports {@code support} only.
 */
package dev.sessioncontrol.keycloak.sessions;
