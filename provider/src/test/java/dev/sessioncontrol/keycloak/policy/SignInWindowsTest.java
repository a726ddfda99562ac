package dev.sessioncontrol.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SignInWindowsTest {

    private static final long NOW = 1_800_000_000_000L;

    private final MapStore store = new MapStore();
    /** The sign-ins whose sessions are written everywhere (their indexed facts exist). */
    private final Set<String> written = ConcurrentHashMap.newKeySet();

    private final AtomicInteger lookups = new AtomicInteger();

    private final SignInWindows.Closed closed = ids -> {
        lookups.incrementAndGet();
        Set<String> found = new HashSet<>(ids);
        found.retainAll(written);
        return found;
    };

    private SignInWindows.Ticket open(String user, String id) {
        return SignInWindows.open(store, user, id, NOW, closed);
    }

    /** The sign-in's session and its facts are written, then its request ends. */
    private boolean finish(SignInWindows.Ticket ticket) {
        written.add(ticket.signInId());
        return SignInWindows.close(store, ticket);
    }

    private boolean inFlight(String user, SignInWindows.Ticket asking, String id) {
        return SignInWindows.inFlight(store, user, asking, id, closed);
    }

    @Test
    void aSignInAloneNeedsNoRecheckAndWritesTheEntryOnce() {
        SignInWindows.Ticket a = open("u", "a");
        assertTrue(a.alone());
        assertFalse(finish(a));
        assertEquals(1, store.map.size(), "closed by its facts, not by a write");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(b.alone(), "one after the other is no overlap");
        assertFalse(finish(b));
        assertEquals(Set.of("b"), SignInWindows.decode(store.map.get("u"), NOW).keySet(), "a was dropped by b");
        assertEquals(1, lookups.get(), "one lookup of a's facts, by b");
    }

    @Test
    void overlappingSignInsBothNeedTheRecheckWhicheverEndsFirst() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(a.alone());
        assertFalse(b.alone());
        assertTrue(finish(a), "b opened while a was open");
        assertTrue(finish(b));

        SignInWindows.Ticket c = open("u", "c");
        SignInWindows.Ticket d = open("u", "d");
        assertTrue(c.alone(), "a and b were closed");
        assertTrue(finish(d));
        assertTrue(finish(c));
    }

    @Test
    void aSignInThatStartsWhileAnotherIsStillOpenCountsAsOverlapped() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(finish(a));
        SignInWindows.Ticket c = open("u", "c");
        assertFalse(c.alone(), "b is still open");
        assertTrue(finish(b));
        assertTrue(finish(c));
    }

    @Test
    void otherUsersDoNotOverlap() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("v", "b");
        assertFalse(finish(a));
        assertFalse(finish(b));
    }

    @Test
    void aSessionIsInFlightUntilItsFactsAreWritten() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(inFlight("u", b, "a"));
        assertTrue(inFlight("u", null, "b"));
        assertFalse(inFlight("v", null, "a"), "another user's key");
        finish(a);
        assertFalse(inFlight("u", b, "a"));
        assertTrue(inFlight("u", null, "b"));
        finish(b);
        assertFalse(inFlight("u", null, "b"));
    }

    @Test
    void whatASignInLearntWhenItOpenedSavesALookup() {
        SignInWindows.Ticket a = open("u", "a");
        written.add("a");
        SignInWindows.Ticket b = open("u", "b");
        assertEquals(Set.of("a"), b.closedBefore());
        int before = lookups.get();
        assertFalse(inFlight("u", b, "a"));
        assertEquals(before, lookups.get());
        assertTrue(SignInWindows.close(store, a), "dropped by b, which found it closed: the safe answer");
    }

    @Test
    void aWindowThatIsGoneAnswersOverlapped() {
        SignInWindows.Ticket a = open("u", "a");
        store.map.clear(); // expired, for instance after its node died
        assertTrue(finish(a), "the safe answer");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(
                SignInWindows.close(store, new SignInWindows.Ticket("u", "stranger", true, Set.of())),
                "not among the open ones");
        assertFalse(finish(b), "the stranger left the others alone");
    }

    @Test
    void aWindowOlderThanTheEntrysLifespanCountsAsClosed() {
        long old = NOW - SignInWindows.LIFESPAN_SECONDS * 1000 - 1;
        store.map.put("u", "stale@" + old);
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(b.alone(), "its sign-in never wrote its facts, but it is too old to be under way");
        assertEquals(0, lookups.get());
    }

    @Test
    void anAbandonedSignInLeavesTheOthersAlone() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("u", "b");
        SignInWindows.abandon(store, b, NOW);
        assertEquals(Set.of("a"), SignInWindows.decode(store.map.get("u"), NOW).keySet());
        SignInWindows.abandon(store, a, NOW);
        assertTrue(store.map.isEmpty());
    }

    @Test
    void anAbandonedSignInKeepsAnEarlierReleasesWindowsOpen() {
        store.map.put("u", "1:old,b");
        SignInWindows.abandon(store, new SignInWindows.Ticket("u", "b", false, Set.of()), NOW);
        assertEquals(Map.of("old", NOW), SignInWindows.decode(store.map.get("u"), NOW + 1));
        SignInWindows.Ticket c = open("u", "c");
        assertFalse(c.alone(), "the earlier release's sign-in may still be writing its session");
    }

    @Test
    void theEntryRoundTripsAndReadsAnEarlierReleasesEntry() {
        Map<String, Long> open = new LinkedHashMap<>();
        open.put("x", 5L);
        open.put("y", 7L);
        assertEquals("x@5,y@7", SignInWindows.encode(open));
        assertEquals(open, SignInWindows.decode("x@5,y@7", NOW));
        assertEquals(Map.of("x", NOW, "y", NOW), SignInWindows.decode("1:x,y", NOW));
        assertEquals(Map.of(), SignInWindows.decode("0:", NOW));
    }

    @Test
    void parallelSignInsNeverLoseAWindow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<SignInWindows.Ticket> tickets = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<SignInWindows.Ticket>> results = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String user = "u" + (i % 5);
                String id = "s" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    return open(user, id);
                }));
            }
            start.countDown();
            for (Future<SignInWindows.Ticket> r : results) {
                tickets.add(r.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        // None written yet: every window opened is still listed, none lost to a concurrent write.
        int listed = 0;
        for (int u = 0; u < 5; u++) {
            listed += SignInWindows.decode(store.map.get("u" + u), NOW).size();
        }
        assertEquals(2000, listed);
        assertTrue(tickets.stream().filter(SignInWindows.Ticket::alone).count() <= 5, "at most one alone per user");
    }
}
