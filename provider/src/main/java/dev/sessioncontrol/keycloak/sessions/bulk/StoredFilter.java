package dev.sessioncontrol.keycloak.sessions.bulk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessioncontrol.keycloak.sessions.AddressRange;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import java.util.List;

/**
 * A job's filter as it is kept in its row, so that the batches of any node, after any restart, end exactly what the
 * request covered. Users found by a search are kept as ids: a search run again later could find others.
 */
record StoredFilter(
        List<String> userIds,
        String clientUuid,
        String deviceType,
        String address,
        String type,
        Long startedAfter,
        Long startedBefore,
        String country) {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static String write(SessionFilter filter) {
        StoredFilter stored = new StoredFilter(
                filter.userIds() == null ? null : List.copyOf(filter.userIds()),
                filter.clientUuid(),
                filter.deviceType(),
                filter.address() == null ? null : filter.address().text(),
                filter.type() == null ? null : filter.type().name(),
                filter.startedAfter(),
                filter.startedBefore(),
                filter.country());
        try {
            return JSON.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static SessionFilter read(String json) {
        StoredFilter stored;
        try {
            stored = JSON.readValue(json, StoredFilter.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable filter of an ending job", e);
        }
        return new SessionFilter(
                stored.userIds(),
                stored.clientUuid(),
                stored.deviceType(),
                stored.address() == null ? null : AddressRange.parse(stored.address()),
                stored.type() == null ? null : SessionType.valueOf(stored.type()),
                stored.startedAfter(),
                stored.startedBefore(),
                stored.country());
    }
}
