package dev.sessioncontrol.keycloak.casdoor;

import dev.sessioncontrol.keycloak.sessions.SessionView;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Builds Casdoor records from Keycloak sessions and registered ids: one record per (user, client) that a live
 * session holds a client session for, merged with the registration of the same key.
 */
final class RecordAssembler {

    private final String owner;
    private final ZoneId zone;

    RecordAssembler(String owner, ZoneId zone) {
        this.owner = owner;
        this.zone = zone;
    }

    /**
     * @param sessions      live sessions, in any order
     * @param registrations registered ids, at most one per key
     * @param visible       which records the caller may see
     */
    List<CasdoorRecord> assemble(
            Collection<SessionView> sessions, Collection<Registration> registrations, Predicate<RecordKey> visible) {
        Map<RecordKey, List<SessionView>> live = new LinkedHashMap<>();
        List<SessionView> oldestFirst = sessions.stream()
                .sorted(Comparator.comparingLong(SessionView::started).thenComparing(SessionView::id))
                .toList();
        for (SessionView s : oldestFirst) {
            for (SessionView.ClientRef client : s.clients()) {
                RecordKey key = RecordKey.of(s.username(), client.clientId());
                if (visible.test(key)) {
                    live.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
                }
            }
        }
        Map<RecordKey, Registration> registered = new LinkedHashMap<>();
        registrations.stream().filter(r -> visible.test(r.key())).forEach(r -> registered.put(r.key(), r));

        List<CasdoorRecord> records = new ArrayList<>();
        live.forEach((key, views) -> records.add(record(key, views, registered.remove(key))));
        registered.forEach((key, r) -> records.add(record(key, List.of(), r)));
        return records;
    }

    /** The one record of a key, or null when it has neither live sessions nor registered ids. */
    CasdoorRecord single(RecordKey key, Collection<SessionView> sessions, Registration registration) {
        List<CasdoorRecord> records =
                assemble(sessions, registration == null ? List.of() : List.of(registration), key::equals);
        return records.isEmpty() ? null : records.get(0);
    }

    private CasdoorRecord record(RecordKey key, List<SessionView> views, Registration registration) {
        List<String> ids = new ArrayList<>();
        List<CasdoorRecord.SessionInfo> infos = new ArrayList<>();
        for (SessionView s : views) {
            if (ids.contains(s.id())) {
                continue; // the offline session of a sign-in shares its id with the regular one
            }
            ids.add(s.id());
            infos.add(new CasdoorRecord.SessionInfo(
                    s.id(), s.lastIpAddress(), userAgent(s), time(s.lastAccess()), s.deviceType()));
        }
        String createdTime = views.isEmpty() ? null : time(views.get(0).started());
        boolean exclusive = false;
        if (registration != null) {
            registration.ids().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
            createdTime = registration.createdTime();
            exclusive = registration.exclusiveSignin();
        }
        return new CasdoorRecord(owner, key.name(), key.application(), createdTime, ids, exclusive, infos);
    }

    private String time(long epochMillis) {
        return CasdoorTime.format(Instant.ofEpochMilli(epochMillis), zone);
    }

    private static String userAgent(SessionView s) {
        SessionView.Device d = s.device();
        if (d == null) {
            return null;
        }
        String os = d.osVersion() == null || d.osVersion().isBlank() ? d.os() : d.os() + " " + d.osVersion();
        return d.browser() + (os == null ? "" : " on " + os);
    }
}
