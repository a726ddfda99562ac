package dev.sessioncontrol.keycloak.support;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;
import org.keycloak.executors.ExecutorsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * A bounded lane on one of Keycloak's named worker pools ({@link ExecutorsProvider}): at most {@code threads} of its
 * tasks run at once and at most {@code capacity} wait; beyond, {@link #execute} refuses. Keycloak's pools queue
 * without bound, while this extension's background work (recounts, e-mails, bulk batches) must be dropped rather than
 * pile up behind a slow database or mail server, and must not take more threads than it was given.
 */
public final class BoundedLane implements Executor {

    private static final Logger LOG = Logger.getLogger(BoundedLane.class);

    private final KeycloakSessionFactory factory;
    private final String poolName;
    private final int threads;
    private final int capacity;
    /** Guarded by this. */
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    /** Tasks of this lane on the pool's threads now; guarded by this. */
    private int running;
    /** The pool's threads running this lane's tasks, interrupted when the lane closes. */
    private final Set<Thread> working = ConcurrentHashMap.newKeySet();

    private volatile ExecutorService pool;
    private volatile boolean closed;

    public BoundedLane(KeycloakSessionFactory factory, String poolName, int threads, int capacity) {
        this.factory = factory;
        this.poolName = poolName;
        this.threads = threads;
        this.capacity = capacity;
    }

    @Override
    public void execute(Runnable task) {
        boolean start;
        synchronized (this) {
            if (closed || waiting.size() >= capacity) {
                throw new RejectedExecutionException("The lane " + poolName + " is full or closed");
            }
            waiting.add(task);
            start = running < threads;
            if (start) {
                running++;
            }
        }
        if (start) {
            try {
                pool().execute(this::drain);
            } catch (RuntimeException e) {
                synchronized (this) {
                    running--;
                    waiting.remove(task);
                }
                throw new RejectedExecutionException(e);
            }
        }
    }

    /** Stops taking tasks and interrupts the running ones (the node stops); Keycloak shuts its pool down itself. */
    public void close() {
        synchronized (this) {
            closed = true;
            waiting.clear();
        }
        working.forEach(Thread::interrupt);
    }

    private void drain() {
        Thread thread = Thread.currentThread();
        working.add(thread);
        try {
            while (true) {
                Runnable task;
                synchronized (this) {
                    task = closed ? null : waiting.poll();
                    if (task == null) {
                        running--;
                        return;
                    }
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // Visible at the default level, its kind only: a message may carry a user's data.
                    LOG.warnf(
                            "A background task of %s failed (%s; details at DEBUG)",
                            poolName, e.getClass().getName());
                    LOG.debugf(e, "A task of %s failed", poolName);
                }
            }
        } finally {
            working.remove(thread);
            Thread.interrupted(); // the pool's thread goes back without this lane's interrupt
        }
    }

    private ExecutorService pool() {
        ExecutorService known = pool;
        if (known == null) {
            try (KeycloakSession session = factory.create()) {
                known = session.getProvider(ExecutorsProvider.class).getExecutor(poolName);
            }
            pool = known;
        }
        return known;
    }
}
