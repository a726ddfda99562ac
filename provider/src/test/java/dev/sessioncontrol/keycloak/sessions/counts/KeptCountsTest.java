package dev.sessioncontrol.keycloak.sessions.counts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.keycloak.sessions.AddressRange;
import dev.sessioncontrol.keycloak.sessions.RealmStats;
import dev.sessioncontrol.keycloak.sessions.SessionChange;
import dev.sessioncontrol.keycloak.sessions.SessionFacts;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class KeptCountsTest {

    private static final SessionFilter WEB = SessionFilter.ofDeviceType("Web");
    private static final RealmStats.Query QUERY = new RealmStats.Query(List.of("Web", "Mobile"), 2, 10);

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final List<Runnable> background = new ArrayList<>();
    /** What the database holds, as the background recount reads it. */
    private final Map<SessionFilter, Long> database = new HashMap<>();

    private RealmStats databaseStats = new RealmStats(0, Map.of(), Map.of(), Map.of(), Map.of(), List.of());
    private final AtomicLong requestCounts = new AtomicLong();

    private KeptCounts counts(long ttlMillis) {
        return new KeptCounts(
                ttlMillis,
                10,
                10,
                background::add,
                new KeptCounts.Source() {
                    @Override
                    public long count(String realmId, SessionFilter filter) {
                        return database.getOrDefault(filter, 0L);
                    }

                    @Override
                    public RealmStats stats(String realmId, RealmStats.Query query) {
                        return databaseStats;
                    }
                },
                (session, realmId, changes, stale) -> {},
                now::get);
    }

    private long count(KeptCounts counts, SessionFilter filter) {
        return counts.count("r", filter, () -> {
            requestCounts.incrementAndGet();
            return database.getOrDefault(filter, 0L);
        });
    }

    private static SessionChange change(int delta, String user, String type, String... clients) {
        return new SessionChange(
                "r", delta, new SessionFacts(user, false, type, Set.of(clients), "10.0.0.1", null, null, null));
    }

    @Test
    void aCountIsTakenOnceThenFollowsEveryChangeItMatches() {
        KeptCounts counts = counts(60_000);
        database.put(SessionFilter.NONE, 10L);
        database.put(WEB, 4L);
        assertEquals(10, count(counts, SessionFilter.NONE));
        assertEquals(4, count(counts, WEB));
        counts.apply(change(1, "u1", "Web"));
        counts.apply(change(1, "u2", "Mobile"));
        counts.apply(change(-1, "u3", "Web"));
        counts.apply(change(-1, "u3", "Web"));
        assertEquals(10, count(counts, SessionFilter.NONE), "+2 -2");
        assertEquals(3, count(counts, WEB), "+1 -2, the Mobile one not");
        assertEquals(2, requestCounts.get(), "counted once per filter, in the request");
        assertTrue(background.isEmpty(), "nothing recounted before the time to live");
    }

    @Test
    void changesOfOtherRealmsDoNotCountAndTypeFiltersKeepTheirType() {
        KeptCounts counts = counts(60_000);
        SessionFilter regular = SessionFilter.NONE.withType(SessionType.REGULAR);
        SessionFilter offline = SessionFilter.NONE.withType(SessionType.OFFLINE);
        database.put(SessionFilter.NONE, 5L);
        count(counts, SessionFilter.NONE);
        count(counts, regular);
        count(counts, offline);
        counts.apply(new SessionChange("other", 1, change(1, "u", "Web").facts()));
        counts.apply(new SessionChange("r", 1, new SessionFacts("u", true, "Web", Set.of(), null, null, null, null)));
        assertEquals(6, count(counts, SessionFilter.NONE), "both types");
        assertEquals(0, count(counts, regular));
        assertEquals(1, count(counts, offline));
    }

    @Test
    void clientAndAddressFiltersFollowTheirSessionsOnly() {
        KeptCounts counts = counts(60_000);
        SessionFilter client = SessionFilter.ofClient("c1");
        SessionFilter ip = SessionFilter.NONE.withAddress(AddressRange.parse("10.0."));
        count(counts, client);
        count(counts, ip);
        counts.apply(change(1, "u", "Web", "c1", "c2"));
        counts.apply(change(1, "u", "Web", "c2"));
        counts.apply(new SessionChange(
                "r", 1, new SessionFacts("u", false, "Web", Set.of(), "192.168.0.1", "10.0.9.9", null, null)));
        assertEquals(1, count(counts, client));
        assertEquals(3, count(counts, ip), "sign-in or last address");
    }

    @Test
    void startBoundsAreCountedInTheRequestEveryTime() {
        KeptCounts counts = counts(60_000);
        SessionFilter started = SessionFilter.NONE.withStarted(1_000L, null);
        database.put(started, 2L);
        assertEquals(2, count(counts, started));
        counts.apply(change(1, "u", "Web")); // started now
        database.put(started, 4L);
        assertEquals(4, count(counts, started), "the database's number, not a kept one");
        assertEquals(2, requestCounts.get());
        assertTrue(Double.isNaN(counts.peek("r", started)), "never kept, not even for a gauge");
        assertTrue(background.isEmpty());
    }

    @Test
    void addressBlocksAndCountriesFollowTheirSessions() {
        KeptCounts counts = counts(60_000);
        SessionFilter block = SessionFilter.NONE.withAddress(AddressRange.parse("10.0.0.0/8"));
        SessionFilter country = SessionFilter.NONE.withCountry("AU");
        database.put(block, 3L);
        database.put(country, 1L);
        assertEquals(3, count(counts, block));
        assertEquals(1, count(counts, country));
        counts.apply(change(1, "u", "Web")); // 10.0.0.1, no place
        counts.apply(new SessionChange(
                "r", 1, new SessionFacts("u", false, "Web", Set.of(), "192.168.0.1", null, "DE", "AU")));
        assertEquals(4, count(counts, block), "the new session in the block");
        assertEquals(2, count(counts, country), "the last place counts as the sign-in one");
    }

    @Test
    void afterTheTimeToLiveOneBackgroundRecountRunsAndChangesDuringItAreKept() {
        KeptCounts counts = counts(10_000);
        database.put(SessionFilter.NONE, 100L);
        assertEquals(100, count(counts, SessionFilter.NONE));
        now.addAndGet(10_001);
        database.put(SessionFilter.NONE, 90L); // ten expired meanwhile, which nobody told the counts
        assertEquals(100, count(counts, SessionFilter.NONE), "the kept value, at once");
        assertEquals(100, count(counts, SessionFilter.NONE));
        assertEquals(1, background.size(), "one recount, not one per request");
        counts.apply(change(1, "u", "Web")); // began while the recount ran
        background.remove(0).run();
        assertEquals(91, count(counts, SessionFilter.NONE));
    }

    @Test
    void aRecountOfAHugeRealmBacksOffAndStaleMarksWaitForIt() {
        KeptCounts counts = counts(10_000);
        AtomicLong slow = new AtomicLong();
        long value = counts.count("r", SessionFilter.NONE, () -> {
            now.addAndGet(3_000); // a count that takes three seconds
            return slow.incrementAndGet();
        });
        assertEquals(1, value);
        now.addAndGet(10_001);
        count(counts, SessionFilter.NONE);
        assertTrue(background.isEmpty(), "not before ten times the count's duration (30 s)");
        counts.markStale("r");
        count(counts, SessionFilter.NONE);
        assertTrue(background.isEmpty(), "stale, but still not sooner");
        now.addAndGet(20_000);
        count(counts, SessionFilter.NONE);
        assertEquals(1, background.size());
    }

    @Test
    void staleCountsAreRecountedAtTheNextRequest() {
        KeptCounts counts = counts(60_000);
        database.put(SessionFilter.NONE, 7L);
        count(counts, SessionFilter.NONE);
        database.put(SessionFilter.NONE, 6L);
        counts.markStale("r");
        assertEquals(7, count(counts, SessionFilter.NONE));
        background.remove(0).run();
        assertEquals(6, count(counts, SessionFilter.NONE));
    }

    @Test
    void oneUsersCountsAndAZeroTimeToLiveAreNeverKept() {
        KeptCounts counts = counts(60_000);
        SessionFilter oneUser = SessionFilter.ofUser("u");
        count(counts, oneUser);
        count(counts, oneUser);
        KeptCounts off = counts(0);
        count(off, SessionFilter.NONE);
        count(off, SessionFilter.NONE);
        assertEquals(4, requestCounts.get());
    }

    @Test
    void aForgottenRealmIsCountedAgain() {
        KeptCounts counts = counts(60_000);
        count(counts, SessionFilter.NONE);
        counts.forget("r");
        count(counts, SessionFilter.NONE);
        assertEquals(2, requestCounts.get());
    }

    @Test
    void statsFollowChangesAndRecountUsersWhoSignedInSince() {
        KeptCounts counts = counts(60_000);
        databaseStats = new RealmStats(
                5,
                Map.of(SessionType.REGULAR, 5L, SessionType.OFFLINE, 0L),
                Map.of("Web", 3L, "", 2L),
                Map.of("c1", 5L),
                Map.of("", 5L),
                List.of(new RealmStats.UserCount("heavy", 3)));
        Map<String, Long> userCounts = new HashMap<>(Map.of("newbie", 3L));
        List<Set<String>> recounted = new ArrayList<>();
        Function<Set<String>, Map<String, Long>> countUsers = users -> {
            recounted.add(Set.copyOf(users));
            Map<String, Long> result = new HashMap<>();
            users.forEach(u -> result.put(u, userCounts.getOrDefault(u, 0L)));
            return result;
        };
        RealmStats first = counts.stats("r", QUERY, () -> databaseStats, countUsers);
        assertEquals(5, first.total());

        counts.apply(change(-1, "heavy", "Web", "c1")); // heavy drops to 2: no longer above 2
        counts.apply(change(1, "newbie", "Mobile", "c1")); // newbie now has 3, unknown to the kept stats
        counts.apply(change(1, "x", "Desktop")); // not a type named by the query: under ""
        RealmStats next = counts.stats("r", QUERY, () -> databaseStats, countUsers);
        assertEquals(6, next.total());
        assertEquals(Map.of(SessionType.REGULAR, 6L, SessionType.OFFLINE, 0L), next.byType());
        assertEquals(Map.of("Web", 2L, "Mobile", 1L, "", 3L), next.byDeviceType());
        assertEquals(Map.of("c1", 5L), next.byClient());
        assertEquals(List.of(new RealmStats.UserCount("newbie", 3)), next.excessive());
        assertEquals(List.of(Set.of("newbie", "x")), recounted, "only the users who signed in since");
    }

    @Test
    void statsForAnotherQueryAreComputedAgain() {
        KeptCounts counts = counts(60_000);
        AtomicLong computed = new AtomicLong();
        counts.stats(
                "r",
                QUERY,
                () -> {
                    computed.incrementAndGet();
                    return databaseStats;
                },
                users -> Map.of());
        counts.stats(
                "r",
                new RealmStats.Query(List.of("Web"), 5, 10),
                () -> {
                    computed.incrementAndGet();
                    return databaseStats;
                },
                users -> Map.of());
        assertEquals(2, computed.get());
    }

    @Test
    void aPeekNeverCountsInTheCallerAndFollowsChangesOnceKnown() {
        KeptCounts counts = counts(60_000);
        SessionFilter web = WEB.withType(SessionType.REGULAR);
        database.put(web, 7L);
        assertTrue(Double.isNaN(counts.peek("r", web)), "unknown until counted, and not counted by the caller");
        assertEquals(1, background.size(), "the first peek starts the count in the background");
        runBackground();
        assertEquals(7, counts.peek("r", web));
        counts.apply(change(1, "u", "Web"));
        assertEquals(8, counts.peek("r", web), "a session that began is seen at the next peek");
        assertTrue(background.isEmpty(), "no recount before the time to live");
        assertEquals(0, requestCounts.get());
    }

    private void runBackground() {
        List<Runnable> work = new ArrayList<>(background);
        background.clear();
        work.forEach(Runnable::run);
    }
}
