package dev.sessioncontrol.it.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition the server reaches in its own time (a background job, an event written after commit, the
 * next second): checks it again and again until it holds, failing with {@code what} after {@code within}. The one
 * place the integration tests pause; never a fixed sleep in place of a condition.
 */
public final class Poll {

    private static final Duration INTERVAL = Duration.ofMillis(100);

    private Poll() {}

    /** Waits until {@code condition} holds; an AssertionError naming {@code what} after {@code within}. */
    public static void until(String what, Duration within, BooleanSupplier condition) {
        value(what, within, () -> condition.getAsBoolean() ? Boolean.TRUE : null);
    }

    /** Waits until {@code probe} answers something other than null, and answers it. */
    public static <T> T value(String what, Duration within, Supplier<T> probe) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
        }
    }
}
