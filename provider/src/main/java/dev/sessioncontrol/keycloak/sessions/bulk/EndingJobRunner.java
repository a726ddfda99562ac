package dev.sessioncontrol.keycloak.sessions.bulk;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;

/**
 * Runs {@link BulkEnding} jobs on this node's background threads: up to {@code workersPerJob} workers per job, each
 * taking one range of the job's sessions after the other until none is left. Workers of every node work on the same
 * job at once, each on ranges of its own. A job that fails (a database hiccup, the node stopping) is left running in
 * the database; the factory's periodic look submits it again, here or on another node.
 */
final class EndingJobRunner implements Provider {

    private static final Logger LOG = Logger.getLogger(EndingJobRunner.class);
    /** A worker with nothing free waits for a lease that ends this soon, rather than leave and be called back. */
    private static final long LINGER_MILLIS = 3000;

    private final KeycloakSessionFactory factory;
    private final Executor workers;
    private final int workersPerJob;
    private final BackchannelGate gate;
    /** Workers queued or running on this node, per job. */
    private final Map<String, AtomicInteger> active = new ConcurrentHashMap<>();

    EndingJobRunner(KeycloakSessionFactory factory, Executor workers, int workersPerJob, BackchannelGate gate) {
        this.factory = factory;
        this.workers = workers;
        this.workersPerJob = workersPerJob;
        this.gate = gate;
    }

    BackchannelGate gate() {
        return gate;
    }

    /** Has this node's workers carry the job on (a no-op for as many as already do). */
    void submit(String jobId) {
        AtomicInteger count = active.computeIfAbsent(jobId, k -> new AtomicInteger());
        while (true) {
            int now = count.get();
            if (now >= workersPerJob) {
                return;
            }
            if (!count.compareAndSet(now, now + 1)) {
                continue;
            }
            try {
                workers.execute(() -> {
                    try {
                        run(jobId);
                    } finally {
                        leave(jobId, count);
                    }
                });
            } catch (RejectedExecutionException e) {
                leave(jobId, count);
                LOG.debugf("Bulk ending %s: a worker not queued now (node busy or stopping); a later look does", jobId);
                return;
            }
        }
    }

    private void leave(String jobId, AtomicInteger count) {
        if (count.decrementAndGet() == 0) {
            active.remove(jobId, count);
        }
    }

    private void run(String jobId) {
        try {
            BulkEnding.Next next = BulkEnding.Next.MORE;
            while (next != BulkEnding.Next.DONE && !Thread.currentThread().isInterrupted()) {
                next = BulkEnding.step(factory, null, jobId, BulkEnding.BATCH_SECONDS);
                if (next == BulkEnding.Next.WAIT) {
                    // A session held by another request: it ends it, or its claim (a dead node's) expires.
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(BulkEnding.WAIT_MILLIS));
                } else if (next == BulkEnding.Next.IDLE) {
                    long wait = BulkEnding.nextFree(factory, jobId) - Time.currentTimeMillis();
                    if (wait > LINGER_MILLIS) {
                        return; // the ranges left are others'; the periodic look brings a worker back if one stops
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(wait, BulkEnding.POLL_MILLIS)));
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf(
                    "A bulk ending of sessions (job %s) stopped after an error and is retried soon: %s",
                    jobId, e.toString());
            LOG.debug("The error that stopped the bulk ending", e);
        }
    }

    @Override
    public void close() {
        // One per node: closed with its factory.
    }
}
