package dev.sessioncontrol.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SignInWindowsTest {

    private final MapStore store = new MapStore();

    private SignInWindows.Ticket open(String user, String id) {
        return SignInWindows.open(store, user, id);
    }

    private boolean close(SignInWindows.Ticket ticket) {
        return SignInWindows.close(store, ticket);
    }

    @Test
    void aSignInAloneNeedsNoRecheck() {
        SignInWindows.Ticket a = open("u", "a");
        assertTrue(a.alone());
        assertFalse(close(a));
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(b.alone(), "one after the other is no overlap");
        assertFalse(close(b));
        assertTrue(store.map.isEmpty(), "nothing left behind");
    }

    @Test
    void overlappingSignInsBothNeedTheRecheckWhicheverEndsFirst() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(a.alone());
        assertFalse(b.alone());
        assertTrue(close(a));
        assertTrue(close(b));

        SignInWindows.Ticket c = open("u", "c");
        SignInWindows.Ticket d = open("u", "d");
        assertTrue(close(d));
        assertTrue(close(c));
        assertTrue(store.map.isEmpty());
    }

    @Test
    void aSignInThatStartsWhileAnOverlapIsStillOpenCountsAsOverlapped() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(close(a));
        SignInWindows.Ticket c = open("u", "c");
        assertTrue(close(b));
        assertTrue(close(c));
    }

    @Test
    void otherUsersDoNotOverlap() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("v", "b");
        assertFalse(close(a));
        assertFalse(close(b));
    }

    @Test
    void aSessionIsInFlightWhileItsWindowIsOpen() {
        SignInWindows.Ticket a = open("u", "a");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(SignInWindows.inFlight(store, "u", "a"));
        assertTrue(SignInWindows.inFlight(store, "u", "b"));
        assertFalse(SignInWindows.inFlight(store, "v", "a"), "another user's key");
        close(a);
        assertFalse(SignInWindows.inFlight(store, "u", "a"));
        assertTrue(SignInWindows.inFlight(store, "u", "b"));
        close(b);
        assertFalse(SignInWindows.inFlight(store, "u", "b"));
    }

    @Test
    void aWindowThatIsGoneAnswersOverlapped() {
        SignInWindows.Ticket a = open("u", "a");
        store.map.clear(); // expired, for instance after its node died
        assertTrue(close(a), "the safe answer");
        SignInWindows.Ticket b = open("u", "b");
        assertTrue(close(new SignInWindows.Ticket("u", "stranger", true)), "not among the open ones");
        assertFalse(close(b), "the stranger left the others alone");
    }

    @Test
    void theStateRoundTrips() {
        SignInWindows.State state = new SignInWindows.State(false, List.of("x")).with("y");
        assertEquals("1:x,y", state.encode());
        assertEquals(state, SignInWindows.State.decode(state.encode()));
        assertEquals(
                List.of("y"), SignInWindows.State.decode("1:x,y").without("x").open());
        assertEquals(List.of(), SignInWindows.State.decode("0:").open());
    }

    @Test
    void parallelSignInsNeverLoseAWindow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String user = "u" + (i % 5);
                String id = "s" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    SignInWindows.Ticket w = open(user, id);
                    Thread.onSpinWait();
                    return close(w);
                }));
            }
            start.countDown();
            for (Future<Boolean> r : results) {
                r.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertTrue(store.map.isEmpty(), "every window closed, no entry left behind: " + store.map);
    }

    /** A store whose writes without waiting are held until {@link #runHeld}, as a slow cluster would. */
    private static final class SlowStore extends MapStore {
        final List<Runnable> held = new ArrayList<>();

        @Override
        public CompletionStage<Boolean> removeLater(String key, String expected) {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            held.add(() -> done.complete(remove(key, expected)));
            return done;
        }

        @Override
        public CompletionStage<Boolean> replaceLater(String key, String expected, String value) {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            held.add(() -> done.complete(replace(key, expected, value)));
            return done;
        }

        void runHeld() {
            while (!held.isEmpty()) {
                held.remove(0).run();
            }
        }
    }

    @Test
    void aLoneSignInsWindowIsClosedWithoutWaitingAndStaysOpenUntilThen() {
        SlowStore slow = new SlowStore();
        SignInWindows.Ticket a = SignInWindows.open(slow, "u", "a");
        assertFalse(SignInWindows.close(slow, a), "alone: no re-check");
        assertTrue(SignInWindows.inFlight(slow, "u", "a"), "still open until the removal lands");
        slow.runHeld();
        assertTrue(slow.map.isEmpty());
    }

    @Test
    void aSignInThatOpensBeforeALoneWindowIsGoneOverlapsItAndItsRemovalTriesAgain() {
        SlowStore slow = new SlowStore();
        SignInWindows.Ticket a = SignInWindows.open(slow, "u", "a");
        assertFalse(SignInWindows.close(slow, a));
        SignInWindows.Ticket b = SignInWindows.open(slow, "u", "b");
        assertFalse(b.alone(), "a's window was still there: b re-checks");
        slow.runHeld(); // a's removal finds the entry changed and takes a out of it
        assertFalse(SignInWindows.inFlight(slow, "u", "a"));
        assertTrue(SignInWindows.inFlight(slow, "u", "b"));
        assertTrue(SignInWindows.close(slow, b));
        assertTrue(slow.map.isEmpty());
    }
}
