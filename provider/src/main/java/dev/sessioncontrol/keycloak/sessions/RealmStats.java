package dev.sessioncontrol.keycloak.sessions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A realm's live sessions, regular and offline, counted as {@code stats} shows them.
 *
 * @param total       all of them
 * @param byType      regular and offline ones
 * @param byDeviceType per device type among {@link Query#deviceTypes()}; every other session, with another type or
 *                    none, under {@code ""}; types without sessions left out
 * @param byClient    per client (internal id) that holds client sessions
 * @param byCountry   per country of the sign-in address (ISO code); sessions without a place under {@code ""}
 * @param excessive   users with more than {@link Query#threshold()} sessions, most first
 */
public record RealmStats(
        long total,
        Map<SessionType, Long> byType,
        Map<String, Long> byDeviceType,
        Map<String, Long> byClient,
        Map<String, Long> byCountry,
        List<UserCount> excessive) {

    public RealmStats {
        byType = Map.copyOf(byType);
        byDeviceType = Map.copyOf(byDeviceType);
        byClient = Map.copyOf(byClient);
        byCountry = Map.copyOf(byCountry);
        excessive = List.copyOf(excessive);
    }

    /** One user and their number of live sessions. */
    public record UserCount(String userId, long sessions) {}

    /**
     * What a stats answer is computed for: the device types named one by one, the excessive-sessions threshold and
     * how many users to list at most.
     */
    public record Query(List<String> deviceTypes, int threshold, int maxUsers) {
        public Query {
            deviceTypes = List.copyOf(deviceTypes);
        }
    }

    /** Most sessions first, ties by user id, as the database query orders them. */
    static final Comparator<UserCount> MOST_FIRST =
            Comparator.comparingLong(UserCount::sessions).reversed().thenComparing(UserCount::userId);

    /** These stats after a session began or ended (a user who now crosses the threshold is not added here). */
    public RealmStats with(SessionChange change, Query query) {
        SessionFacts facts = change.facts();
        long d = change.delta();
        Map<SessionType, Long> kinds = new LinkedHashMap<>(byType);
        kinds.merge(SessionType.of(facts.offline()), d, (a, b) -> Math.max(0, a + b));
        Map<String, Long> types = new LinkedHashMap<>(byDeviceType);
        String type = facts.deviceType() != null && query.deviceTypes().contains(facts.deviceType())
                ? facts.deviceType()
                : "";
        add(types, type, d);
        Map<String, Long> clients = new LinkedHashMap<>(byClient);
        for (String client : facts.clientUuids()) {
            add(clients, client, d);
        }
        Map<String, Long> countries = new LinkedHashMap<>(byCountry);
        add(countries, facts.country() == null ? "" : facts.country(), d);
        List<UserCount> users = new ArrayList<>(excessive.size());
        for (UserCount user : excessive) {
            long n = user.userId().equals(facts.userId()) ? user.sessions() + d : user.sessions();
            if (n > query.threshold()) {
                users.add(new UserCount(user.userId(), n));
            }
        }
        users.sort(MOST_FIRST);
        return new RealmStats(Math.max(0, total + d), kinds, types, clients, countries, users);
    }

    /** These stats with the exact counts of some users, as counted just now (each listed or not by the threshold). */
    public RealmStats withUsers(Map<String, Long> counts, Query query) {
        List<UserCount> users = new ArrayList<>();
        Set<String> recounted = counts.keySet();
        for (UserCount user : excessive) {
            if (!recounted.contains(user.userId())) {
                users.add(user);
            }
        }
        counts.forEach((userId, n) -> {
            if (n > query.threshold()) {
                users.add(new UserCount(userId, n));
            }
        });
        users.sort(MOST_FIRST);
        return new RealmStats(
                total,
                byType,
                byDeviceType,
                byClient,
                byCountry,
                users.subList(0, Math.min(users.size(), query.maxUsers())));
    }

    private static void add(Map<String, Long> counts, String key, long delta) {
        long n = counts.getOrDefault(key, 0L) + delta;
        if (n > 0) {
            counts.put(key, n);
        } else {
            counts.remove(key);
        }
    }
}
