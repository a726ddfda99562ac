package dev.sessioncontrol.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class SignInWindowsTest {

    private final SignInWindows windows = new SignInWindows();

    @Test
    void aSignInAloneNeedsNoRecheck() {
        SignInWindows.Ticket a = windows.open("u");
        assertTrue(a.alone());
        assertFalse(windows.close("u", a));
        SignInWindows.Ticket b = windows.open("u");
        assertFalse(windows.close("u", b), "one after the other is no overlap");
        assertEquals(0, windows.usersWithOpenWindows());
    }

    @Test
    void overlappingSignInsBothNeedTheRecheckWhicheverEndsFirst() {
        SignInWindows.Ticket a = windows.open("u");
        SignInWindows.Ticket b = windows.open("u");
        assertTrue(a.alone());
        assertFalse(b.alone());
        assertTrue(windows.close("u", a));
        assertTrue(windows.close("u", b));

        SignInWindows.Ticket c = windows.open("u");
        SignInWindows.Ticket d = windows.open("u");
        assertTrue(windows.close("u", d));
        assertTrue(windows.close("u", c));
        assertEquals(0, windows.usersWithOpenWindows());
    }

    @Test
    void aSignInThatStartsWhileAnOverlapIsStillOpenCountsAsOverlapped() {
        SignInWindows.Ticket a = windows.open("u");
        SignInWindows.Ticket b = windows.open("u");
        assertTrue(windows.close("u", a));
        SignInWindows.Ticket c = windows.open("u");
        assertTrue(windows.close("u", b));
        assertTrue(windows.close("u", c));
    }

    @Test
    void otherUsersDoNotOverlap() {
        SignInWindows.Ticket a = windows.open("u");
        SignInWindows.Ticket b = windows.open("v");
        assertFalse(windows.close("u", a));
        assertFalse(windows.close("v", b));
    }

    @Test
    void aWindowThatIsNotTheUsersAnswersOverlappedAndLeavesTheOthersOpen() {
        SignInWindows.Ticket a = windows.open("u");
        SignInWindows.Ticket stranger = new SignInWindows.Ticket(new SignInWindows.Window(), true);
        assertTrue(windows.close("u", stranger));
        assertTrue(windows.close("v", a), "a key without windows");
        assertFalse(windows.close("u", a));
    }

    @Test
    void parallelSignInsNeverLoseAWindow() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                String user = "u" + (i % 5);
                results.add(pool.submit(() -> {
                    start.await();
                    SignInWindows.Ticket w = windows.open(user);
                    Thread.onSpinWait();
                    return windows.close(user, w);
                }));
            }
            start.countDown();
            for (Future<Boolean> r : results) {
                r.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, windows.usersWithOpenWindows(), "every window closed, no entry left behind");
    }
}
