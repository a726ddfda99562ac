package dev.sessioncontrol.keycloak.sessions;

import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;

/**
 * The node's realm-wide session counts, kept between requests so that a listing total or the stats of a large realm
 * are not counted on every request (implemented in {@code sessions.counts}). Counts of one user's sessions are
 * cheap and never kept.
 */
public interface SessionCounts extends Provider {

    /** The realm-wide count for the filter: kept, or counted now by {@code inRequest}. */
    long count(String realmId, SessionFilter filter, LongSupplier inRequest);

    /**
     * The kept count for the filter without counting in the caller's thread: NaN until it is known (for gauges read
     * by a scrape).
     */
    double peek(String realmId, SessionFilter filter);

    /**
     * The realm's stats: kept, or computed now by {@code inRequest}; users who signed in since are recounted one by
     * one with {@code userCounts}.
     */
    RealmStats stats(
            String realmId,
            RealmStats.Query query,
            Supplier<RealmStats> inRequest,
            Function<Set<String>, Map<String, Long>> userCounts);

    /** A session began or ends in the current request; every node's counts follow once it commits. */
    void record(KeycloakSession session, SessionChange change);

    /** The realm's sessions changed in a way the counts cannot follow: every node recounts once the request commits. */
    void recordStale(KeycloakSession session, String realmId);

    /**
     * Calls {@code listener} with a realm's id whenever another node reports sessions of it that began or ended; on
     * the cluster listener's thread, so it must not wait.
     */
    void whenReportedElsewhere(Consumer<String> listener);

    @Override
    default void close() {
        // One per node, closed with its factory.
    }
}
