package dev.sessioncontrol.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Races: calls that reach the server together, each on its own thread, released at once from a start line. */
public final class Parallel {

    private Parallel() {}

    /**
     * Runs {@code count} calls ({@code call} gets each one's index) at once and answers their results in order; the
     * first call that throws fails the whole.
     */
    public static <T> List<T> atOnce(int count, IntFunction<Callable<T>> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Callable<T> one = call.apply(i);
                futures.add(pool.submit(() -> {
                    start.await();
                    return one.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
