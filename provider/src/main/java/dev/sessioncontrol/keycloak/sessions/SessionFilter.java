package dev.sessioncontrol.keycloak.sessions;

import java.util.Collection;
import java.util.List;

/**
 * Server-side filters of a session listing; null fields do not filter.
 *
 * @param userIds     sessions of these users only (an empty collection matches nothing)
 * @param clientUuid  sessions holding a client session of this client (internal id)
 * @param deviceType  exact device type
 * @param ipPrefix    sign-in or last address starting with this
 * @param type        regular or offline sessions only; null for both
 */
public record SessionFilter(
        Collection<String> userIds, String clientUuid, String deviceType, String ipPrefix, SessionType type) {

    public static final SessionFilter NONE = new SessionFilter(null, null, null, null, null);

    public static SessionFilter ofUser(String userId) {
        return new SessionFilter(List.of(userId), null, null, null, null);
    }

    public static SessionFilter ofUsers(Collection<String> userIds) {
        return new SessionFilter(List.copyOf(userIds), null, null, null, null);
    }

    public static SessionFilter ofClient(String clientUuid) {
        return new SessionFilter(null, clientUuid, null, null, null);
    }

    public static SessionFilter ofDeviceType(String deviceType) {
        return new SessionFilter(null, null, deviceType, null, null);
    }

    public SessionFilter withUsers(Collection<String> ids) {
        return new SessionFilter(ids == null ? null : List.copyOf(ids), clientUuid, deviceType, ipPrefix, type);
    }

    public SessionFilter withClient(String uuid) {
        return new SessionFilter(userIds, uuid, deviceType, ipPrefix, type);
    }

    public SessionFilter withDeviceType(String value) {
        return new SessionFilter(userIds, clientUuid, value, ipPrefix, type);
    }

    public SessionFilter withType(SessionType value) {
        return new SessionFilter(userIds, clientUuid, deviceType, ipPrefix, value);
    }
}
