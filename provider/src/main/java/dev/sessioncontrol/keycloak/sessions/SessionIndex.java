package dev.sessioncontrol.keycloak.sessions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.RealmExpiration;

/**
 * Queries over Keycloak's persistent session table ({@code OFFLINE_USER_SESSION}, where Keycloak 26 keeps
 * online sessions too), so that listing, counting and paging happen in the database and only one page of
 * sessions is ever loaded. Keycloak's own admin listing loads every session of the realm instead.
 *
 * <p>Device type and addresses live inside the row's JSON {@code DATA} column; they are matched with
 * {@code LIKE} on the exact JSON Keycloak writes for a note or the sign-in address.
 *
 * <p>Rows are counted as live with the realm's idle and max lifespans, as Keycloak's own loaders do, so sessions
 * that expired but were not yet swept are not listed. Listing uses the indexes this extension adds to the table
 * (see {@code META-INF/sessions/sc-sessions-changelog.xml}).
 */
final class SessionIndex {

    private static final String ONLINE = "0";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EntityManager em;
    private final RealmModel realm;

    SessionIndex(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
    }

    /**
     * Ids of one page of matching sessions, in the given order. The ORDER BY names every column of the matching
     * listing index, leading equality columns included, so databases (H2 among them) read the page straight from
     * the index in order instead of sorting all matches.
     */
    List<String> pageIds(SessionFilter filter, SessionSort sort, int first, int max) {
        Where where = where(filter);
        String d = sort.ascending() ? " asc" : " desc";
        String order = sort.byStart()
                ? "s.realmId" + d + ", s.offline" + d + ", s.createdOn" + d + ", s.lastSessionRefresh" + d
                : "s.realmId" + d + ", s.offline" + d + ", s.lastSessionRefresh" + d + ", s.createdOn" + d;
        TypedQuery<String> query = em.createQuery("select s.userSessionId from PersistentUserSessionEntity s where "
                + where.jpql + " order by " + order + ", s.userSessionId" + d, String.class);
        where.bind(query);
        return query.setFirstResult(first).setMaxResults(max).getResultList();
    }

    long count(SessionFilter filter) {
        Where where = where(filter);
        TypedQuery<Long> query = em.createQuery(
                "select count(s) from PersistentUserSessionEntity s where " + where.jpql, Long.class);
        where.bind(query);
        return query.getSingleResult();
    }

    /** The next {@code max} ids after {@code afterId} in id order: walks all matches in bounded chunks. */
    List<String> idsAfter(SessionFilter filter, String afterId, int max) {
        Where where = where(filter);
        String jpql = "select s.userSessionId from PersistentUserSessionEntity s where " + where.jpql
                + (afterId == null ? "" : " and s.userSessionId > :afterId") + " order by s.userSessionId";
        TypedQuery<String> query = em.createQuery(jpql, String.class);
        where.bind(query);
        if (afterId != null) {
            query.setParameter("afterId", afterId);
        }
        return query.setMaxResults(max).getResultList();
    }

    /**
     * The live sessions of one user as committed, optionally only those of one device type; reads the device
     * type from the row's JSON only when it was not filtered on. Per user, so bounded by one user's sessions.
     */
    List<SessionRow> rowsOfUser(String userId, String deviceType) {
        Where where = where(new SessionFilter(List.of(userId), null, deviceType, null));
        TypedQuery<Object[]> query = em.createQuery("select s.userSessionId, s.createdOn"
                + (deviceType == null ? ", s.data" : "") + " from PersistentUserSessionEntity s where " + where.jpql,
                Object[].class);
        where.bind(query);
        List<SessionRow> rows = new ArrayList<>();
        for (Object[] row : query.getResultList()) {
            String type = deviceType != null ? deviceType : deviceTypeIn((String) row[2]);
            rows.add(new SessionRow((String) row[0], type, ((Number) row[1]).intValue()));
        }
        return rows;
    }

    private static String deviceTypeIn(String data) {
        if (data == null) {
            return null;
        }
        try {
            JsonNode note = JSON.readTree(data).path("notes").path(SessionNotes.DEVICE_TYPE);
            return note.isTextual() ? note.asText() : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Users with more than {@code threshold} live sessions, most first, at most {@code max} of them. */
    List<RealmStats.UserCount> usersAbove(int threshold, int max) {
        Where where = where(SessionFilter.NONE);
        TypedQuery<Object[]> query = em.createQuery(
                "select s.userId, count(s) from PersistentUserSessionEntity s where "
                + where.jpql + " group by s.userId having count(s) > :threshold order by count(s) desc, s.userId",
                Object[].class);
        where.bind(query);
        query.setParameter("threshold", (long) threshold);
        List<RealmStats.UserCount> result = new ArrayList<>();
        for (Object[] row : query.setMaxResults(max).getResultList()) {
            result.add(new RealmStats.UserCount((String) row[0], ((Number) row[1]).longValue()));
        }
        return result;
    }

    /** The live sessions of each of these users (users without any are answered with 0). */
    Map<String, Long> countsOfUsers(Collection<String> userIds) {
        Map<String, Long> result = new LinkedHashMap<>();
        userIds.forEach(id -> result.put(id, 0L));
        if (userIds.isEmpty()) {
            return result;
        }
        Where where = where(new SessionFilter(List.copyOf(userIds), null, null, null));
        TypedQuery<Object[]> query = em.createQuery("select s.userId, count(s) from PersistentUserSessionEntity s"
                + " where " + where.jpql + " group by s.userId", Object[].class);
        where.bind(query);
        for (Object[] row : query.getResultList()) {
            result.put((String) row[0], ((Number) row[1]).longValue());
        }
        return result;
    }

    /**
     * The realm's stats in three queries, each one pass over the realm's live sessions: all device types at once
     * (one sum per type), the client sessions per client (Keycloak's own statistics query), the users above the
     * threshold. Run in the background; requests read the kept result ({@link SessionCounts}).
     */
    RealmStats stats(RealmStats.Query query, KeycloakSession session) {
        List<String> types = query.deviceTypes();
        Object[] row;
        if (types.isEmpty()) {
            row = new Object[] {count(SessionFilter.NONE)};
        } else {
            Where where = where(SessionFilter.NONE);
            StringBuilder select = new StringBuilder("select count(s)");
            for (int i = 0; i < types.size(); i++) {
                select.append(", sum(case when s.data like :type").append(i).append(" escape '!' then 1 else 0 end)");
            }
            TypedQuery<Object[]> sums = em.createQuery(select + " from PersistentUserSessionEntity s where "
                    + where.jpql, Object[].class);
            where.bind(sums);
            for (int i = 0; i < types.size(); i++) {
                sums.setParameter("type" + i, deviceTypePattern(types.get(i)));
            }
            row = sums.getSingleResult();
        }
        long total = number(row[0]);
        Map<String, Long> byType = new LinkedHashMap<>();
        long typed = 0;
        for (int i = 0; i < types.size(); i++) {
            long n = number(row[i + 1]);
            if (n > 0) {
                byType.put(types.get(i), n);
                typed += n;
            }
        }
        if (total > typed) {
            byType.put("", total - typed);
        }
        Map<String, Long> byClient = new LinkedHashMap<>(session.sessions().getActiveClientSessionStats(realm, false));
        byClient.values().removeIf(n -> n == null || n <= 0);
        return new RealmStats(total, byType, byClient, usersAbove(query.threshold(), query.maxUsers()));
    }

    private static long number(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }

    private static String deviceTypePattern(String deviceType) {
        return "%" + likeEscape(jsonString(SessionNotes.DEVICE_TYPE) + ":" + jsonString(deviceType)) + "%";
    }

    private Where where(SessionFilter filter) {
        Where w = new Where();
        int now = Time.currentTime();
        RealmExpiration expiration = RealmExpiration.fromRealm(realm);
        w.add("s.realmId = :realmId", "realmId", realm.getId());
        w.add("s.offline = :offline", "offline", ONLINE);
        // Live: within the realm's idle and max lifespan. Range conditions on indexed columns only, with the
        // remember-me values (never shorter than the normal ones), so the listing indexes serve them; a session
        // live by these bounds but expired by the normal ones is dropped when it is loaded.
        w.add("s.lastSessionRefresh >= :idleCut and s.createdOn >= :maxCut",
                Map.of("idleCut", now - expiration.getMaxIdle(true), "maxCut", now - expiration.getLifespan(true)));
        if (filter.userIds() != null) {
            if (filter.userIds().isEmpty()) {
                w.add("1 = 0", Map.of());
            } else if (filter.userIds().size() == 1) {
                // A single-valued parameter keeps the query's SQL translation cacheable in Hibernate (a list
                // parameter makes it translate the query again on every call: the policy runs this per sign-in).
                w.add("s.userId = :userId", "userId", filter.userIds().iterator().next());
            } else {
                w.add("s.userId in :userIds", "userIds", List.copyOf(filter.userIds()));
            }
        }
        if (filter.clientUuid() != null) {
            w.add("exists (select c.userSessionId from PersistentClientSessionEntity c"
                    + " where c.userSessionId = s.userSessionId"
                    + " and c.offline = :offline and c.clientId = :clientUuid)", "clientUuid", filter.clientUuid());
        }
        if (filter.deviceType() != null) {
            w.add("s.data like :deviceType escape '!'", "deviceType", deviceTypePattern(filter.deviceType()));
        }
        if (filter.ipPrefix() != null) {
            String prefix = jsonString(filter.ipPrefix());
            String open = likeEscape(prefix.substring(0, prefix.length() - 1)); // without the closing quote
            w.add("(s.data like :signInIp escape '!' or s.data like :lastIp escape '!')",
                    Map.of("signInIp", "%" + likeEscape("\"ipAddress\":") + open + "%",
                            "lastIp", "%" + likeEscape(jsonString(SessionNotes.LAST_IP) + ":") + open + "%"));
        }
        return w;
    }

    static String jsonString(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static String likeEscape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** A conjunction of JPQL conditions with their named parameters. */
    private static final class Where {
        private final List<String> parts = new ArrayList<>();
        private final Map<String, Object> params = new HashMap<>();
        private String jpql;

        void add(String condition, String name, Object value) {
            add(condition, Map.of(name, value));
        }

        void add(String condition, Map<String, ?> values) {
            parts.add(condition);
            params.putAll(values);
            jpql = String.join(" and ", parts);
        }

        void bind(TypedQuery<?> query) {
            params.forEach(query::setParameter);
        }
    }
}
