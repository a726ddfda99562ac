package dev.sessioncontrol.keycloak.policy;

import java.util.Comparator;

/**
 * What the decision needs to know of one session of the user.
 *
 * @param id         the user-session id
 * @param deviceType its device type, or null for a session created before this extension was installed
 * @param started    when it started, epoch seconds (Keycloak's resolution)
 */
record LiveSession(String id, String deviceType, long started) {

    /** Oldest first: earliest started, ties broken by id so every node and every request agree. */
    static final Comparator<LiveSession> OLDEST_FIRST =
            Comparator.comparingLong(LiveSession::started).thenComparing(LiveSession::id);
}
