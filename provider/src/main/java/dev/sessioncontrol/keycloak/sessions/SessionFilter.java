package dev.sessioncontrol.keycloak.sessions;

import java.util.Collection;
import java.util.List;

/**
 * Server-side filters of a session listing; null fields do not filter.
 *
 * @param userIds       sessions of these users only (an empty collection matches nothing)
 * @param clientUuid    sessions holding a client session of this client (internal id)
 * @param deviceType    exact device type
 * @param address       sign-in or last address in this range
 * @param type          regular or offline sessions only; null for both
 * @param startedAfter  sessions started after this instant only (epoch milliseconds, exclusive)
 * @param startedBefore sessions started before this instant only (epoch milliseconds, exclusive)
 * @param country       sign-in or last place in this country (ISO 3166-1 alpha-2, upper case)
 */
public record SessionFilter(
        Collection<String> userIds,
        String clientUuid,
        String deviceType,
        AddressRange address,
        SessionType type,
        Long startedAfter,
        Long startedBefore,
        String country) {

    public static final SessionFilter NONE = new SessionFilter(null, null, null, null, null, null, null, null);

    public static SessionFilter ofUser(String userId) {
        return NONE.withUsers(List.of(userId));
    }

    public static SessionFilter ofUsers(Collection<String> userIds) {
        return NONE.withUsers(userIds);
    }

    public static SessionFilter ofClient(String clientUuid) {
        return NONE.withClient(clientUuid);
    }

    public static SessionFilter ofDeviceType(String deviceType) {
        return NONE.withDeviceType(deviceType);
    }

    public SessionFilter withUsers(Collection<String> ids) {
        return new SessionFilter(
                ids == null ? null : List.copyOf(ids),
                clientUuid,
                deviceType,
                address,
                type,
                startedAfter,
                startedBefore,
                country);
    }

    public SessionFilter withClient(String uuid) {
        return new SessionFilter(userIds, uuid, deviceType, address, type, startedAfter, startedBefore, country);
    }

    public SessionFilter withDeviceType(String value) {
        return new SessionFilter(userIds, clientUuid, value, address, type, startedAfter, startedBefore, country);
    }

    public SessionFilter withAddress(AddressRange value) {
        return new SessionFilter(userIds, clientUuid, deviceType, value, type, startedAfter, startedBefore, country);
    }

    public SessionFilter withType(SessionType value) {
        return new SessionFilter(userIds, clientUuid, deviceType, address, value, startedAfter, startedBefore, country);
    }

    public SessionFilter withStarted(Long after, Long before) {
        return new SessionFilter(userIds, clientUuid, deviceType, address, type, after, before, country);
    }

    public SessionFilter withCountry(String value) {
        return new SessionFilter(userIds, clientUuid, deviceType, address, type, startedAfter, startedBefore, value);
    }

    /**
     * Whether a realm-wide count of this filter can be kept current from the sessions that begin and end
     * ({@link SessionFacts#matches}). Not when it names users (cheap to count) or bounds the start (the facts carry
     * no start): those are counted in the request, exactly.
     */
    public boolean keepable() {
        return userIds == null && startedAfter == null && startedBefore == null;
    }
}
