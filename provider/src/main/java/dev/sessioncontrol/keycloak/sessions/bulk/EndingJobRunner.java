package dev.sessioncontrol.keycloak.sessions.bulk;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.provider.Provider;

/**
 * Runs {@link BulkEnding} jobs on this node's background threads, batch after batch, each batch a transaction of
 * its own, until a job is done. A job that fails (a database hiccup, the node stopping) is left running in the
 * database; the factory's periodic check submits it again, here or on another node.
 */
final class EndingJobRunner implements Provider {

    private static final Logger LOG = Logger.getLogger(EndingJobRunner.class);
    /** The pause before a batch retries a session another request holds. */
    private static final long WAIT_MILLIS = 2000;

    private final KeycloakSessionFactory factory;
    private final Executor workers;
    /** Jobs queued or running on this node, so a job is not queued twice here. */
    private final Set<String> active = ConcurrentHashMap.newKeySet();

    EndingJobRunner(KeycloakSessionFactory factory, Executor workers) {
        this.factory = factory;
        this.workers = workers;
    }

    /** Carries the job on in the background (a no-op when this node already does). */
    void submit(String jobId) {
        if (!active.add(jobId)) {
            return;
        }
        try {
            workers.execute(() -> {
                try {
                    run(jobId);
                } finally {
                    active.remove(jobId);
                }
            });
        } catch (RejectedExecutionException e) {
            active.remove(jobId);
            LOG.debugf(
                    "Bulk ending %s not queued now (node busy or stopping); the periodic check queues it later", jobId);
        }
    }

    private void run(String jobId) {
        try {
            BulkEnding.Next next = BulkEnding.Next.MORE;
            while (next != BulkEnding.Next.DONE && !Thread.currentThread().isInterrupted()) {
                if (next == BulkEnding.Next.WAIT) {
                    // A session held by another request: it ends it, or its claim (a dead node's) expires.
                    Thread.sleep(WAIT_MILLIS);
                }
                next = KeycloakModelUtils.runJobInTransactionWithResult(
                        factory, session -> BulkEnding.runBatch(session, jobId));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the node stops: the job stays running for any node to carry on
        } catch (RuntimeException e) {
            LOG.warnf(
                    "A bulk ending of sessions (job %s) stopped after an error and is retried within a minute: %s",
                    jobId, e.toString());
            LOG.debug("The error that stopped the bulk ending", e);
        }
    }

    @Override
    public void close() {
        // One per node: closed with its factory.
    }
}
