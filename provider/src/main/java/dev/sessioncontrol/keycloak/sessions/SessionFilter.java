package dev.sessioncontrol.keycloak.sessions;

import java.util.Collection;

/**
 * Server-side filters of a session listing; null fields do not filter.
 *
 * @param userIds     sessions of these users only (an empty collection matches nothing)
 * @param clientUuid  sessions holding a client session of this client (internal id)
 * @param deviceType  exact device type
 * @param ipPrefix    sign-in or last address starting with this
 */
public record SessionFilter(Collection<String> userIds, String clientUuid, String deviceType, String ipPrefix) {

    public static final SessionFilter NONE = new SessionFilter(null, null, null, null);

    public static SessionFilter ofUser(String userId) {
        return new SessionFilter(java.util.List.of(userId), null, null, null);
    }
}
