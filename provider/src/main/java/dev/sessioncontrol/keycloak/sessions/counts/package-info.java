/**
 * The node's kept realm-wide session counts behind {@code sessions.SessionCounts}: the counts themselves, their
 * background recount, the messages that carry each node's changes to the others (with their ProtoStream schema) and
 * whether there are others at all. May import {@code sessions} and {@code support}.
 */
package dev.sessioncontrol.keycloak.sessions.counts;
