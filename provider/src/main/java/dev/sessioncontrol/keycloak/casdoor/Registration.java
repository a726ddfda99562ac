package dev.sessioncontrol.keycloak.casdoor;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Session ids an application registered itself for one user and application (Casdoor's add-session), with the
 * record's time and exclusive-sign-in flag. Immutable; the rules of add and update are here.
 *
 * @param createdTime stored exactly as the application sent it (update) or as the server set it (add)
 * @param ids         in the order they were registered, without duplicates, at most {@link CasdoorBounds#MAX_IDS}
 *                    (Casdoor keeps no bound; the newest are kept, so that one chatty application cannot grow a
 *                    row forever)
 */
record Registration(RecordKey key, String createdTime, List<String> ids, boolean exclusiveSignin) {

    Registration {
        ids = List.copyOf(ids);
    }

    /**
     * Casdoor's add-session: merges new ids into the record (or starts one at {@code now}); with exclusive sign-in,
     * only the first new id is kept.
     */
    static Registration add(Registration existing, RecordKey key, List<String> newIds, boolean exclusive, String now) {
        List<String> fresh = distinct(newIds);
        List<String> ids;
        if (exclusive && !fresh.isEmpty()) {
            ids = List.of(fresh.get(0));
        } else {
            // Linear: a set keeps the order of first registration and answers "already there" at once.
            Set<String> merged = new LinkedHashSet<>(existing == null ? List.of() : existing.ids());
            merged.addAll(fresh);
            ids = newest(List.copyOf(merged));
        }
        String createdTime = existing == null ? now : existing.createdTime();
        return new Registration(key, createdTime, ids, exclusive);
    }

    /**
     * Casdoor's update-session: stores the fields sent. Ids that are live Keycloak sessions of the record are
     * Keycloak's, not the application's, so they are not stored; a missing {@code createdTime} keeps the old one.
     */
    static Registration update(
            Registration existing,
            RecordKey key,
            String createdTime,
            List<String> ids,
            boolean exclusive,
            Collection<String> liveIds,
            String now) {
        List<String> own =
                distinct(ids).stream().filter(id -> !liveIds.contains(id)).toList();
        String time = createdTime != null ? createdTime : existing != null ? existing.createdTime() : now;
        return new Registration(key, time, newest(own), exclusive);
    }

    Registration without(String id) {
        return new Registration(
                key, createdTime, ids.stream().filter(i -> !i.equals(id)).toList(), exclusiveSignin);
    }

    boolean sameContent(Registration other) {
        return other != null
                && Objects.equals(createdTime, other.createdTime)
                && ids.equals(other.ids)
                && exclusiveSignin == other.exclusiveSignin;
    }

    private static List<String> distinct(List<String> ids) {
        return List.copyOf(new LinkedHashSet<>(ids));
    }

    private static List<String> newest(List<String> ids) {
        int max = CasdoorBounds.MAX_IDS;
        return ids.size() <= max ? ids : List.copyOf(ids.subList(ids.size() - max, ids.size()));
    }
}
