package dev.sessioncontrol.it.support;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition the server reaches in its own time (a background job, an event written after commit, the
 * next second): checks it again and again until it holds, failing with {@code what} after {@code within}. The one
 * place the tests pause, and only between two checks of a condition; never a fixed sleep in place of one.
 */
public final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {}

    /** Waits until {@code condition} holds; an AssertionError naming {@code what} after {@code within}. */
    public static void until(String what, Duration within, BooleanSupplier condition) {
        until(what, within, INTERVAL, condition);
    }

    /** The same, checking every {@code interval} (for conditions that are costly to check). */
    public static void until(String what, Duration within, Duration interval, BooleanSupplier condition) {
        if (!holdsWithin(within, interval, condition)) {
            throw new AssertionError("not within " + within + ": " + what);
        }
    }

    /** Waits until {@code probe} answers something other than null, and answers it. */
    public static <T> T value(String what, Duration within, Supplier<T> probe) {
        T value = probe(within, INTERVAL, probe);
        if (value == null) {
            throw new AssertionError("not within " + within + ": " + what);
        }
        return value;
    }

    /**
     * Waits at most {@code within} for {@code condition} and answers whether it holds: for measurements that report
     * how far they got instead of failing.
     */
    public static boolean holdsWithin(Duration within, Duration interval, BooleanSupplier condition) {
        return probe(within, interval, () -> condition.getAsBoolean() ? Boolean.TRUE : null) != null;
    }

    private static <T> T probe(Duration within, Duration interval, Supplier<T> probe) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null || System.nanoTime() > deadline) {
                return value;
            }
            LockSupport.parkNanos(interval.toNanos());
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for a condition");
            }
        }
    }
}
