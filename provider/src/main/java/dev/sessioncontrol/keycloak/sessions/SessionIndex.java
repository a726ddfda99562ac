package dev.sessioncontrol.keycloak.sessions;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.RealmExpiration;

/**
 * Queries over Keycloak's persistent session table ({@code OFFLINE_USER_SESSION}, where Keycloak 26 keeps regular
 * and offline sessions, told apart by {@code OFFLINE_FLAG}), so that listing, counting and paging happen in the
 * database and only one page of sessions is ever loaded. Keycloak's own admin listing loads every session of the
 * realm instead.
 *
 * <p>Device type and addresses live inside the row's JSON {@code DATA} column; they are matched with
 * {@code LIKE} on the exact JSON Keycloak writes for a note or the sign-in address.
 *
 * <p>Rows are counted as live with the realm's idle and max lifespans (regular and offline ones apart), as
 * Keycloak's own loaders do, so sessions that expired but were not yet swept are not listed. Listing uses the
 * indexes this extension adds to the table (see {@code META-INF/sessions/sc-sessions-changelog.xml}): realm first,
 * then the sort's columns, the type last, so one index serves both types in start (or last-access) order and a
 * type filter is checked inside it.
 */
final class SessionIndex {

    /** Facts read per round at most, when few of the first candidates passed. */
    private static final int MAX_FACT_BATCH = 2000;

    /** Rounds of candidates before the joined query takes over. */
    private static final int FACT_ROUNDS = 4;

    private final EntityManager em;
    private final RealmModel realm;

    SessionIndex(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
    }

    /**
     * One page of matching sessions in the listing's order, with one more read to tell whether more follow. The
     * order is the sort's column, then id and type: every column of the matching listing index after its leading
     * realm, which the ORDER BY names too, so databases (H2 among them) read the page straight from the index. A
     * cursor becomes a lower bound on the sort's column, so the read starts at the cursor, not at the top.
     */
    Slice page(SessionFilter filter, SessionSort sort, Paging paging) {
        List<AddressRange.HexRange> spans =
                filter.address() == null ? null : filter.address().hexRanges();
        boolean byFacts = filter.deviceType() != null || spans != null || filter.country() != null;
        if (byFacts && sort.byStart() && (paging.byCursor() || paging.first() == 0)) {
            Slice slice = pageByFacts(filter, spans, sort, paging);
            if (slice != null) {
                return slice;
            }
        }
        Where where = where(filter, true);
        boolean backwards = paging.before() != null;
        PageCursor at = backwards ? paging.before() : paging.after();
        boolean ascending = sort.ascending() != backwards;
        String column = sort.byStart() ? "s.createdOn" : "s.lastSessionRefresh";
        if (at != null) {
            beyond(where, at, ascending, column, "s.userSessionId", "s.offline");
        }
        TypedQuery<Object[]> query = em.createQuery(
                "select s.userSessionId, s.offline, " + column + " from " + where.from() + " where " + where.jpql
                        + orderBy(ascending, "s.realmId", column, "s.userSessionId", "s.offline"),
                Object[].class);
        where.bind(query);
        List<Object[]> rows = query.setFirstResult(at == null ? Math.max(paging.first(), 0) : 0)
                .setMaxResults(paging.max() + 1)
                .getResultList();
        boolean more = rows.size() > paging.max();
        List<PageCursor> positions = new ArrayList<>(Math.min(rows.size(), paging.max()));
        for (Object[] row : rows.subList(0, Math.min(rows.size(), paging.max()))) {
            positions.add(positionOf(row, sort));
        }
        if (backwards) {
            Collections.reverse(positions);
        }
        return new Slice(positions, more);
    }

    /**
     * A page in start order found from the facts first: the matching facts in order from the facts' own indexes (a
     * rare value reads only its own entries, a common one the first entries of the start index), then those
     * candidates checked against their sessions (live, and the rest of the filter) by key. So the sessions table is
     * read only for the candidates, never walked in search of rare matches. Reads more candidates while too few
     * pass the check; null after a few rounds that found too few (many dead rows, or another filter that rules most
     * out), which the caller answers with one joined query instead.
     */
    private Slice pageByFacts(
            SessionFilter filter, List<AddressRange.HexRange> spans, SessionSort sort, Paging paging) {
        boolean backwards = paging.before() != null;
        PageCursor at = backwards ? paging.before() : paging.after();
        boolean ascending = sort.ascending() != backwards;
        SessionFilter rest = new SessionFilter(
                filter.userIds(),
                filter.clientUuid(),
                null,
                spans == null ? filter.address() : null,
                filter.type(),
                filter.startedAfter(),
                filter.startedBefore(),
                null);
        int need = paging.max() + 1;
        int batch = need;
        List<PageCursor> found = new ArrayList<>(need);
        for (int round = 0; round < FACT_ROUNDS; round++) {
            Where candidates = new Where();
            candidates.add("f.realmId = :realmId", "realmId", realm.getId());
            factOnlyConditions(candidates, filter, spans);
            if (at != null) {
                beyond(candidates, at, ascending, "f.createdOn", "f.sessionId", "f.offline");
            }
            TypedQuery<Object[]> query = em.createQuery(
                    "select f.sessionId, f.offline, f.createdOn from SessionFactEntity f where " + candidates.jpql
                            + orderBy(ascending, "f.realmId", "f.createdOn", "f.sessionId", "f.offline"),
                    Object[].class);
            candidates.bind(query);
            List<Object[]> rows = query.setMaxResults(batch).getResultList();
            if (rows.isEmpty()) {
                break;
            }
            Set<String> passing = passing(rest, rows);
            for (Object[] row : rows) {
                PageCursor position = positionOf(row, sort);
                if (passing.contains(position.id() + ":" + position.flag())) {
                    found.add(position);
                    if (found.size() == need) {
                        break;
                    }
                }
            }
            if (found.size() == need || rows.size() < batch) {
                boolean more = found.size() == need;
                List<PageCursor> positions = new ArrayList<>(found.subList(0, Math.min(found.size(), paging.max())));
                if (backwards) {
                    Collections.reverse(positions);
                }
                return new Slice(positions, more);
            }
            at = lastOf(rows, sort);
            batch = Math.min(batch * 4, MAX_FACT_BATCH);
        }
        return null;
    }

    private static PageCursor lastOf(List<Object[]> rows, SessionSort sort) {
        return positionOf(rows.get(rows.size() - 1), sort);
    }

    /** The place of a row read as (id, type flag, time). */
    private static PageCursor positionOf(Object[] row, SessionSort sort) {
        return new PageCursor(sort, ((Number) row[2]).intValue(), (String) row[0], "1".equals(row[1]));
    }

    /**
     * Rows beyond a cursor's place in the listing order (time, id, type), on these columns: the first condition is
     * a bound on the leading time column that the index can seek to; the rest orders rows of the same time.
     */
    private static void beyond(Where where, PageCursor at, boolean ascending, String time, String id, String flag) {
        String op = ascending ? ">" : "<";
        where.add(
                time + " " + op + "= :atValue and (" + time + " " + op + " :atValue or " + id + " " + op + " :atId"
                        + " or (" + id + " = :atId and " + flag + " " + op + " :atFlag))",
                Map.of("atValue", at.value(), "atId", at.id(), "atFlag", at.flag()));
    }

    /** The listing order on these columns, one direction for all. */
    private static String orderBy(boolean ascending, String... columns) {
        String d = ascending ? " asc" : " desc";
        return " order by " + String.join(d + ", ", columns) + d;
    }

    /** Which of these candidate sessions (id, type) are live and match the rest of the filter, as "id:flag". */
    private Set<String> passing(SessionFilter rest, List<Object[]> candidates) {
        Where where = where(rest, false);
        Set<String> ids = new HashSet<>();
        candidates.forEach(row -> ids.add((String) row[0]));
        where.add("s.userSessionId in :candidateIds", "candidateIds", List.copyOf(ids));
        TypedQuery<Object[]> query = em.createQuery(
                "select s.userSessionId, s.offline from PersistentUserSessionEntity s where " + where.jpql,
                Object[].class);
        where.bind(query);
        Set<String> passing = new HashSet<>();
        for (Object[] row : query.getResultList()) {
            passing.add(row[0] + ":" + row[1]);
        }
        return passing;
    }

    /**
     * The sessions of one page in the listing's order, and whether more lie beyond it in the direction it was read
     * (after the last one, or before the first when read backwards).
     */
    record Slice(List<PageCursor> positions, boolean more) {}

    long count(SessionFilter filter) {
        Where where = where(filter, true);
        TypedQuery<Long> query =
                em.createQuery("select count(s) from " + where.from() + " where " + where.jpql, Long.class);
        where.bind(query);
        return query.getSingleResult();
    }

    /**
     * The next {@code max} matching sessions after {@code after} (null: from the start) in (id, type) order: walks
     * all matches in bounded chunks.
     */
    List<SessionKey> after(SessionFilter filter, SessionKey after, int max) {
        return after(filter, after, max, null);
    }

    /** As {@link #after(SessionFilter, SessionKey, int)}, only sessions started at or before this second. */
    List<SessionKey> after(SessionFilter filter, SessionKey after, int max, Integer startedUpTo) {
        return between(filter, after, null, max, startedUpTo);
    }

    /**
     * As {@link #after(SessionFilter, SessionKey, int, Integer)}, and only up to {@code upTo} (inclusive; null: to the
     * end). Both bounds are compared in the database, in its own order of the keys.
     */
    List<SessionKey> between(SessionFilter filter, SessionKey after, SessionKey upTo, int max, Integer startedUpTo) {
        Where where = where(filter);
        if (startedUpTo != null) {
            where.add("s.createdOn <= :startedUpTo", "startedUpTo", startedUpTo);
        }
        if (after != null) {
            where.add(
                    "(s.userSessionId > :afterId or (s.userSessionId = :afterId and s.offline > :afterFlag))",
                    Map.of("afterId", after.id(), "afterFlag", after.type().flag()));
        }
        if (upTo != null) {
            where.add(
                    "(s.userSessionId < :upToId or (s.userSessionId = :upToId and s.offline <= :upToFlag))",
                    Map.of("upToId", upTo.id(), "upToFlag", upTo.type().flag()));
        }
        String jpql = "select s.userSessionId, s.offline from PersistentUserSessionEntity s where " + where.jpql
                + " order by s.userSessionId, s.offline";
        TypedQuery<Object[]> query = em.createQuery(jpql, Object[].class);
        where.bind(query);
        return keys(query.setMaxResults(max).getResultList());
    }

    private static List<SessionKey> keys(List<Object[]> rows) {
        List<SessionKey> keys = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            keys.add(new SessionKey((String) row[0], SessionType.of("1".equals(row[1]))));
        }
        return keys;
    }

    /**
     * The live sessions of one user as committed, regular and offline, optionally only those of one device type,
     * each with its sign-in instant read from the row's JSON. Per user, so bounded by one user's sessions.
     */
    List<SessionRow> rowsOfUser(String userId, String deviceType) {
        Where where = where(SessionFilter.ofUser(userId).withDeviceType(deviceType));
        TypedQuery<Object[]> query = em.createQuery(
                "select s.userSessionId, s.offline, s.createdOn, s.data" + " from PersistentUserSessionEntity s where "
                        + where.jpql,
                Object[].class);
        where.bind(query);
        List<SessionRow> rows = new ArrayList<>();
        for (Object[] row : query.getResultList()) {
            JsonNode notes = SessionJson.notes(SessionJson.read((String) row[3]));
            String type = deviceType != null ? deviceType : SessionJson.text(notes, SessionNotes.DEVICE_TYPE);
            String signedIn = SessionJson.text(notes, SessionNotes.SIGNED_IN_AT);
            rows.add(new SessionRow(
                    (String) row[0],
                    SessionType.of("1".equals(row[1])),
                    type,
                    signedInMillis(signedIn, ((Number) row[2]).longValue())));
        }
        return rows;
    }

    /** Of these session ids, those that have indexed facts in this realm (of either form). */
    Set<String> withFacts(Collection<String> sessionIds) {
        if (sessionIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(em.createQuery(
                        "select distinct f.sessionId from SessionFactEntity f"
                                + " where f.realmId = :realmId and f.sessionId in :ids",
                        String.class)
                .setParameter("realmId", realm.getId())
                .setParameter("ids", List.copyOf(sessionIds))
                .getResultList());
    }

    /** This extension's millisecond note, or Keycloak's start second for sessions from before the extension. */
    static long signedInMillis(String note, long createdOnSeconds) {
        if (note != null) {
            try {
                return Long.parseLong(note);
            } catch (NumberFormatException e) {
                // written by hand or by something else: fall back
            }
        }
        return createdOnSeconds * 1000L;
    }

    /** Users with more than {@code threshold} live sessions, most first, at most {@code max} of them. */
    List<RealmStats.UserCount> usersAbove(int threshold, int max) {
        Where where = where(SessionFilter.NONE);
        TypedQuery<Object[]> query = em.createQuery(
                "select s.userId, count(s) from PersistentUserSessionEntity s where " + where.jpql
                        + " group by s.userId having count(s) > :threshold order by count(s) desc, s.userId",
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
        Where where = where(SessionFilter.ofUsers(userIds));
        TypedQuery<Object[]> query = em.createQuery(
                "select s.userId, count(s) from PersistentUserSessionEntity s" + " where " + where.jpql
                        + " group by s.userId",
                Object[].class);
        where.bind(query);
        for (Object[] row : query.getResultList()) {
            result.put((String) row[0], ((Number) row[1]).longValue());
        }
        return result;
    }

    /**
     * The realm's stats in a few queries, each one pass over the realm's live sessions: both types and all device
     * types at once (one sum each), the client sessions per client (Keycloak's own statistics query, regular and
     * offline), the users above the threshold. Run in the background; requests read the kept result
     * ({@link SessionCounts}).
     */
    RealmStats stats(RealmStats.Query query, KeycloakSession session) {
        List<String> types = query.deviceTypes();
        Where where = where(SessionFilter.NONE);
        StringBuilder select = new StringBuilder("select count(s), sum(case when s.offline = '1' then 1 else 0 end)");
        for (int i = 0; i < types.size(); i++) {
            select.append(", sum(case when s.data like :type").append(i).append(" escape '!' then 1 else 0 end)");
        }
        TypedQuery<Object[]> sums =
                em.createQuery(select + " from PersistentUserSessionEntity s where " + where.jpql, Object[].class);
        where.bind(sums);
        for (int i = 0; i < types.size(); i++) {
            sums.setParameter("type" + i, deviceTypePattern(types.get(i)));
        }
        Object[] row = sums.getSingleResult();
        long total = number(row[0]);
        long offline = number(row[1]);
        Map<SessionType, Long> byType = new EnumMap<>(SessionType.class);
        byType.put(SessionType.REGULAR, total - offline);
        byType.put(SessionType.OFFLINE, offline);
        Map<String, Long> byDeviceType = new LinkedHashMap<>();
        long typed = 0;
        for (int i = 0; i < types.size(); i++) {
            long n = number(row[i + 2]);
            if (n > 0) {
                byDeviceType.put(types.get(i), n);
                typed += n;
            }
        }
        if (total > typed) {
            byDeviceType.put("", total - typed);
        }
        Map<String, Long> byClient = new HashMap<>();
        session.sessions().getActiveClientSessionStats(realm, false).forEach((c, n) -> byClient.merge(c, n, Long::sum));
        session.sessions().getActiveClientSessionStats(realm, true).forEach((c, n) -> byClient.merge(c, n, Long::sum));
        byClient.values().removeIf(n -> n == null || n <= 0);
        return new RealmStats(
                total,
                byType,
                byDeviceType,
                byClient,
                byCountry(total),
                usersAbove(query.threshold(), query.maxUsers()));
    }

    /**
     * Live sessions per country of the sign-in address, in one pass: the two letters after the place note's key,
     * grouped in the database; sessions without a place under {@code ""}. The key is written into the query as a
     * literal, so the grouped expression is the selected one on every database.
     */
    private Map<String, Long> byCountry(long total) {
        Where where = where(SessionFilter.NONE);
        String key = "'" + SessionJson.quoted(SessionNotes.PLACE) + ":\"'";
        String at = "locate(" + key + ", s.data)";
        String country = "cast(substring(s.data, " + at + " + " + (key.length() - 2) + ", 2) as String)";
        TypedQuery<Object[]> query = em.createQuery(
                "select " + country + ", count(s) from PersistentUserSessionEntity s where " + where.jpql + " and " + at
                        + " > 0 group by " + country,
                Object[].class);
        where.bind(query);
        Map<String, Long> result = new LinkedHashMap<>();
        long placed = 0;
        for (Object[] row : query.getResultList()) {
            String code = (String) row[0];
            long n = number(row[1]);
            if (Place.isCountryCode(code)) {
                result.merge(code, n, Long::sum);
                placed += n;
            }
        }
        if (total > placed) {
            result.put("", total - placed);
        }
        return result;
    }

    private static long number(Object value) {
        return value == null ? 0L : ((Number) value).longValue();
    }

    /** The place note ({@link Place#note()}) of that country: its text starts with the code and a bar. */
    static String placePattern(String note, String country) {
        return "%" + likeEscape(SessionJson.quoted(note) + ":\"" + country + "|") + "%";
    }

    private static String deviceTypePattern(String deviceType) {
        return "%" + likeEscape(SessionJson.quoted(SessionNotes.DEVICE_TYPE) + ":" + SessionJson.quoted(deviceType))
                + "%";
    }

    /** The conditions of a filter on the session's own row: what a walk over all sessions (an ending) matches on. */
    private Where where(SessionFilter filter) {
        return where(filter, false);
    }

    /**
     * The conditions of a filter; with {@code facts}, the device type, address and country are matched on the
     * session's indexed facts ({@link SessionFactEntity}, joined as {@code f}), else on its JSON. A listing pages
     * on the facts; an ending walks every session and matches the JSON, so a session that has no facts yet (made
     * by a node without the extension, not yet reconciled) is never passed over by an ending.
     */
    private Where where(SessionFilter filter, boolean facts) {
        Where w = new Where();
        int now = Time.currentTime();
        w.add("s.realmId = :realmId", "realmId", realm.getId());
        // Live: within the idle and max lifespans of its type. Range conditions on indexed columns only (with the
        // remember-me values, never shorter than the normal ones), so the listing indexes serve them; a regular
        // session live by these bounds but expired by the normal ones is dropped when it is loaded.
        RealmExpiration expiration = RealmExpiration.fromRealm(realm);
        String regular = "(s.offline = '0' and s.lastSessionRefresh >= :idleCut and s.createdOn >= :maxCut)";
        Map<String, Object> regularCuts =
                Map.of("idleCut", now - expiration.getMaxIdle(true), "maxCut", now - expiration.getLifespan(true));
        String offline = realm.isOfflineSessionMaxLifespanEnabled()
                ? "(s.offline = '1' and s.lastSessionRefresh >= :offlineIdleCut and s.createdOn >= :offlineMaxCut)"
                : "(s.offline = '1' and s.lastSessionRefresh >= :offlineIdleCut)";
        Map<String, Object> offlineCuts = realm.isOfflineSessionMaxLifespanEnabled()
                ? Map.of(
                        "offlineIdleCut",
                        now - realm.getOfflineSessionIdleTimeout(),
                        "offlineMaxCut",
                        now - realm.getOfflineSessionMaxLifespan())
                : Map.of("offlineIdleCut", now - realm.getOfflineSessionIdleTimeout());
        if (filter.type() == SessionType.REGULAR) {
            w.add(regular, regularCuts);
        } else if (filter.type() == SessionType.OFFLINE) {
            w.add(offline, offlineCuts);
        } else {
            Map<String, Object> cuts = new HashMap<>(regularCuts);
            cuts.putAll(offlineCuts);
            w.add("(" + regular + " or " + offline + ")", cuts);
        }
        if (filter.userIds() != null) {
            if (filter.userIds().isEmpty()) {
                w.add("1 = 0", Map.of());
            } else if (filter.userIds().size() == 1) {
                // A single-valued parameter keeps the query's SQL translation cacheable in Hibernate (a list
                // parameter makes it translate the query again on every call: the policy runs this per sign-in).
                w.add(
                        "s.userId = :userId",
                        "userId",
                        filter.userIds().iterator().next());
            } else {
                w.add("s.userId in :userIds", "userIds", List.copyOf(filter.userIds()));
            }
        }
        if (filter.clientUuid() != null) {
            w.add(
                    "exists (select c.userSessionId from PersistentClientSessionEntity c"
                            + " where c.userSessionId = s.userSessionId"
                            + " and c.offline = s.offline and c.clientId = :clientUuid)",
                    "clientUuid",
                    filter.clientUuid());
        }
        List<AddressRange.HexRange> spans =
                filter.address() == null ? null : filter.address().hexRanges();
        if (facts && (filter.deviceType() != null || spans != null || filter.country() != null)) {
            factConditions(w, filter, spans);
        } else {
            jsonConditions(w, filter);
        }
        // Keycloak keeps the start in seconds, and a listing shows it as those seconds in milliseconds: the
        // exclusive millisecond bounds are the whole seconds strictly inside them, exact on that value.
        if (filter.startedAfter() != null) {
            w.add("s.createdOn > :startedAfter", "startedAfter", secondsAfter(filter.startedAfter()));
        }
        if (filter.startedBefore() != null) {
            w.add("s.createdOn < :startedBefore", "startedBefore", secondsBefore(filter.startedBefore()));
        }
        return w;
    }

    /** Device type, address and country matched on the session's JSON as Keycloak wrote it. */
    private static void jsonConditions(Where w, SessionFilter filter) {
        if (filter.deviceType() != null) {
            w.add("s.data like :deviceType escape '!'", "deviceType", deviceTypePattern(filter.deviceType()));
        }
        if (filter.address() != null) {
            addressCondition(w, filter.address());
        }
        if (filter.country() != null) {
            w.add(
                    "(s.data like :signInCountry escape '!' or s.data like :lastCountry escape '!')",
                    Map.of(
                            "signInCountry",
                            placePattern(SessionNotes.PLACE, filter.country()),
                            "lastCountry",
                            placePattern(SessionNotes.LAST_PLACE, filter.country())));
        }
    }

    /**
     * Device type, address and country matched on the session's facts, each on an index that leads with the realm:
     * an address range becomes spans of the fixed-width form (an IPv6 text prefix, which has none, is matched on the
     * JSON).
     */
    private void factConditions(Where w, SessionFilter filter, List<AddressRange.HexRange> spans) {
        w.facts();
        w.add(
                "f.sessionId = s.userSessionId and f.offline = s.offline and f.realmId = :realmId",
                "realmId",
                realm.getId());
        factOnlyConditions(w, filter, spans);
    }

    /** The conditions of {@link #factConditions} on the facts alone ({@code f}), without the join. */
    private static void factOnlyConditions(Where w, SessionFilter filter, List<AddressRange.HexRange> spans) {
        if (filter.deviceType() != null) {
            w.add("f.deviceType = :deviceType", "deviceType", filter.deviceType());
        }
        if (filter.address() != null && spans == null) {
            addressCondition(w, filter.address());
        } else if (spans != null) {
            List<String> alternatives = new ArrayList<>();
            Map<String, Object> bounds = new HashMap<>();
            for (int i = 0; i < spans.size(); i++) {
                alternatives.add("f.ipHex between :low" + i + " and :high" + i);
                alternatives.add("f.lastIpHex between :low" + i + " and :high" + i);
                bounds.put("low" + i, spans.get(i).low());
                bounds.put("high" + i, spans.get(i).high());
            }
            w.add(alternatives.isEmpty() ? "1 = 0" : "(" + String.join(" or ", alternatives) + ")", bounds);
        }
        if (filter.country() != null) {
            w.add("(f.country = :country or f.lastCountry = :country)", "country", filter.country());
        }
    }

    /**
     * The sign-in or the last address in the range, as one condition: the address text as Keycloak wrote it
     * ({@code "ipAddress":"…} in the row's JSON, and this extension's last-address note) for a prefix and for an
     * IPv4 block that ends on an octet; for any block, the fixed-width notes ({@link SessionNotes#IP_HEX},
     * {@link SessionNotes#LAST_IP_HEX}) starting with one of the block's hex prefixes. All in the database, so
     * counts and pages are exact.
     */
    private static void addressCondition(Where w, AddressRange range) {
        Map<String, String> patterns = addressPatterns(range);
        List<String> alternatives = new ArrayList<>();
        patterns.keySet().forEach(name -> alternatives.add("s.data like :" + name + " escape '!'"));
        w.add(alternatives.isEmpty() ? "1 = 0" : "(" + String.join(" or ", alternatives) + ")", patterns);
    }

    /** The {@code LIKE} patterns on the row's JSON of which any one puts a session in the range, by name. */
    static Map<String, String> addressPatterns(AddressRange range) {
        Map<String, String> patterns = new LinkedHashMap<>();
        String text = range.textPrefix();
        if (text != null) {
            String json = SessionJson.quoted(text);
            // Without the closing quote unless the whole address is meant.
            String open = likeEscape(range.textIsWhole() ? json : json.substring(0, json.length() - 1));
            patterns.put("signInIp", "%" + likeEscape("\"ipAddress\":") + open + "%");
            patterns.put("lastIp", "%" + likeEscape(SessionJson.quoted(SessionNotes.LAST_IP) + ":") + open + "%");
        }
        List<String> hex = range.hexPrefixes();
        for (int i = 0; i < hex.size(); i++) {
            String digits = likeEscape(hex.get(i));
            patterns.put(
                    "signInHex" + i, "%" + likeEscape(SessionJson.quoted(SessionNotes.IP_HEX) + ":\"") + digits + "%");
            patterns.put(
                    "lastHex" + i,
                    "%" + likeEscape(SessionJson.quoted(SessionNotes.LAST_IP_HEX) + ":\"") + digits + "%");
        }
        return patterns;
    }

    /** The second a start must be after for {@code createdOn * 1000 > millis}: the millis' whole second. */
    static int secondsAfter(long millis) {
        return clamped(Math.floorDiv(millis, 1000L));
    }

    /** The second a start must be before for {@code createdOn * 1000 < millis}: the millis rounded up. */
    static int secondsBefore(long millis) {
        return clamped(-Math.floorDiv(-millis, 1000L));
    }

    /** Seconds as the {@code int} column compares them; beyond its range, the range's end (nothing is there). */
    private static int clamped(long seconds) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, seconds));
    }

    static String likeEscape(String value) {
        return value.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    /** A conjunction of JPQL conditions with their named parameters. */
    private static final class Where {
        private final List<String> parts = new ArrayList<>();
        private final Map<String, Object> params = new HashMap<>();
        private String jpql;
        private boolean facts;

        void facts() {
            facts = true;
        }

        String from() {
            return facts ? "PersistentUserSessionEntity s, SessionFactEntity f" : "PersistentUserSessionEntity s";
        }

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
