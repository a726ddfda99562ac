package dev.sessioncontrol.keycloak.sessions.counts;

import dev.sessioncontrol.keycloak.sessions.RealmStats;
import dev.sessioncontrol.keycloak.sessions.SessionChange;
import dev.sessioncontrol.keycloak.sessions.SessionCounts;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * The node's realm-wide session counts: listing totals per filter and the realm's stats. Counting every live
 * session of a large realm scans the table (seconds at a million sessions), so a count is computed once and then
 * kept current by every session that begins or ends through this extension, on this node or another one (see
 * {@link SessionChange}: the changes of every node reach every node). What this extension does not see (expiry,
 * Keycloak's own sign-outs) is caught up by a background recount: a count is recounted after the time to live,
 * or sooner when it is known to be stale, but never more often than ten times the last recount took, so a huge
 * realm is not counted back to back; the known value is answered meanwhile. Only the first count of a realm and
 * filter on a node is paid by a request. Counts of one user's sessions are cheap and never kept, nor are counts
 * that the changes cannot follow ({@link SessionFilter#keepable}).
 *
 * <p>The numbers a person acts on (the count a confirmation states before ending every session) are not taken
 * from here: they are counted in the request ({@code SessionService#countExact}).
 */
final class KeptCounts implements SessionCounts {

    private static final Logger LOG = Logger.getLogger(KeptCounts.class);

    /** A recount never starts sooner than this many times the last one took after it ended. */
    private static final int BACKOFF_FACTOR = 10;
    /** Users that signed in since the stats were counted and are recounted one by one when stats are read. */
    private static final int MAX_PENDING_USERS = 100;
    /** Changes kept while a recount runs, to be added to its result; beyond, the next recount catches up. */
    private static final int MAX_CHANGES_DURING_RECOUNT = 10_000;

    /** The database work, each call in a transaction of its own (background threads have no request). */
    interface Source {
        long count(String realmId, SessionFilter filter);

        RealmStats stats(String realmId, RealmStats.Query query);
    }

    /** The other nodes of the cluster, told what changed here. */
    interface Peers {
        void tell(KeycloakSession session, String realmId, List<SessionChange> changes, boolean stale);
    }

    /** Changes of the current request, kept on its {@link KeycloakSession} until it commits. */
    private static final String PENDING = KeptCounts.class.getName() + ".pending";

    private final Map<String, RealmCounts> realms = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxFiltersPerRealm;
    private final int maxRealms;
    private final Executor background;
    private final Source source;
    private final Peers peers;
    private final LongSupplier clock;
    private volatile Consumer<String> reportedElsewhere = realmId -> {};

    KeptCounts(
            long ttlMillis,
            int maxFiltersPerRealm,
            int maxRealms,
            Executor background,
            Source source,
            Peers peers,
            LongSupplier clock) {
        this.ttlMillis = ttlMillis;
        this.maxFiltersPerRealm = maxFiltersPerRealm;
        this.maxRealms = maxRealms;
        this.background = background;
        this.source = source;
        this.peers = peers;
        this.clock = clock;
    }

    /**
     * Records that a session began or ends in the current request; once the request commits, this node's counts
     * follow and the other nodes are told (nothing happens on a rollback).
     */
    @Override
    public void record(KeycloakSession session, SessionChange change) {
        if (enabled()) {
            pending(session)
                    .changes
                    .computeIfAbsent(change.realmId(), id -> new ArrayList<>())
                    .add(change);
        }
    }

    /** Records that the realm's sessions changed in a way the counts cannot follow (once the request commits). */
    @Override
    public void recordStale(KeycloakSession session, String realmId) {
        if (enabled()) {
            pending(session).stale.add(realmId);
        }
    }

    private Pending pending(KeycloakSession session) {
        Pending pending = session.getAttribute(PENDING, Pending.class);
        if (pending == null) {
            pending = new Pending(session);
            session.setAttribute(PENDING, pending);
            session.getTransactionManager().enlistAfterCompletion(pending);
        }
        return pending;
    }

    /** One request's changes, applied here and sent to the other nodes after it committed. */
    private final class Pending extends AbstractKeycloakTransaction {
        private final KeycloakSession session;
        private final Map<String, List<SessionChange>> changes = new HashMap<>();
        private final Set<String> stale = new LinkedHashSet<>();

        Pending(KeycloakSession session) {
            this.session = session;
        }

        @Override
        protected void commitImpl() {
            session.removeAttribute(PENDING);
            Set<String> realmIds = new LinkedHashSet<>(changes.keySet());
            realmIds.addAll(stale);
            for (String realmId : realmIds) {
                List<SessionChange> list = changes.getOrDefault(realmId, List.of());
                list.forEach(KeptCounts.this::apply);
                boolean isStale = stale.contains(realmId);
                if (isStale) {
                    LOG.debugf("Counts of realm %s are stale: recounted on every node", realmId);
                    markStale(realmId);
                }
                peers.tell(session, realmId, list, isStale);
            }
        }

        @Override
        protected void rollbackImpl() {
            session.removeAttribute(PENDING);
        }
    }

    /** Whether counts are kept at all ({@code count-cache-seconds=0} counts on every request). */
    boolean enabled() {
        return ttlMillis > 0;
    }

    /** The realm-wide count for the filter: kept, or counted now by {@code inRequest} the first time. */
    @Override
    public long count(String realmId, SessionFilter filter, LongSupplier inRequest) {
        if (!enabled() || !filter.keepable()) {
            return inRequest.getAsLong();
        }
        RealmCounts realm = realm(realmId);
        Counter counter;
        synchronized (realm) {
            counter = realm.totals.get(filter);
            if (counter != null && counter.known) {
                if (counter.due(clock.getAsLong()) && !counter.refreshing) {
                    counter.startRefresh();
                    refreshLater(realm, filter, counter);
                }
                return counter.value;
            }
        }
        long started = clock.getAsLong();
        long value = inRequest.getAsLong();
        long now = clock.getAsLong();
        synchronized (realm) {
            if (realm.totals.size() >= maxFiltersPerRealm) {
                realm.totals.clear(); // many distinct filters at once: start over rather than grow
            }
            Counter kept = realm.totals.get(filter);
            if (kept == null || !kept.known) {
                // A gauge's background count may be under way: its result then replaces this one, as any recount.
                realm.totals.put(filter, new Counter(value, now, now - started, ttlMillis));
            }
        }
        return value;
    }

    /**
     * The kept count for the filter without counting in the caller's thread (for the metrics' gauges): a count not
     * kept yet is started in the background, and NaN answers until it is known; a count due is recounted in the
     * background as for {@link #count}. NaN too when counts are not kept at all, or not for such a filter.
     */
    @Override
    public double peek(String realmId, SessionFilter filter) {
        if (!enabled() || !filter.keepable()) {
            return Double.NaN;
        }
        RealmCounts realm = realm(realmId);
        synchronized (realm) {
            Counter counter = realm.totals.get(filter);
            if (counter == null) {
                if (realm.totals.size() >= maxFiltersPerRealm) {
                    realm.totals.clear();
                }
                counter = Counter.unknown(clock.getAsLong(), ttlMillis);
                realm.totals.put(filter, counter);
                counter.startRefresh();
                refreshLater(realm, filter, counter);
                return Double.NaN;
            }
            if (counter.due(clock.getAsLong()) && !counter.refreshing) {
                counter.startRefresh();
                refreshLater(realm, filter, counter);
            }
            return counter.known ? counter.value : Double.NaN;
        }
    }

    /**
     * The realm's stats: kept, or computed now by {@code inRequest} the first time (or when asked for other
     * device types or another threshold). Users who signed in since the stats were counted are recounted one by
     * one with {@code userCounts}, so a user who just crossed the threshold is listed.
     */
    @Override
    public RealmStats stats(
            String realmId,
            RealmStats.Query query,
            Supplier<RealmStats> inRequest,
            Function<Set<String>, Map<String, Long>> userCounts) {
        if (!enabled()) {
            return inRequest.get();
        }
        RealmCounts realm = realm(realmId);
        Set<String> pending;
        synchronized (realm) {
            StatsEntry entry = realm.stats;
            if (entry != null && entry.query.equals(query)) {
                if (entry.due(clock.getAsLong()) && !entry.refreshing) {
                    entry.startRefresh();
                    refreshStatsLater(realm, entry);
                }
                if (entry.pendingUsers.isEmpty()) {
                    return entry.value;
                }
                pending = new LinkedHashSet<>(entry.pendingUsers);
            } else {
                pending = null;
            }
        }
        if (pending != null) {
            Map<String, Long> counted = userCounts.apply(pending);
            synchronized (realm) {
                StatsEntry entry = realm.stats;
                if (entry != null && entry.query.equals(query)) {
                    entry.value = entry.value.withUsers(counted, query);
                    entry.pendingUsers.removeAll(pending);
                    return entry.value;
                }
            }
        }
        long started = clock.getAsLong();
        RealmStats value = inRequest.get();
        long now = clock.getAsLong();
        synchronized (realm) {
            realm.stats = new StatsEntry(query, value, now, now - started, ttlMillis);
        }
        return value;
    }

    /** A session began or ended somewhere in the cluster: every kept count it belongs to follows at once. */
    void apply(SessionChange change) {
        RealmCounts realm = realms.get(change.realmId());
        if (realm == null) {
            return;
        }
        synchronized (realm) {
            realm.totals.forEach((filter, counter) -> {
                if (change.facts().matches(filter)) {
                    counter.add(change.delta());
                }
            });
            StatsEntry stats = realm.stats;
            if (stats != null) {
                stats.apply(change);
            }
        }
    }

    @Override
    public void whenReportedElsewhere(Consumer<String> listener) {
        reportedElsewhere = listener;
    }

    /** Another node reported these changes of one realm. */
    void applyReported(String realmId, List<SessionChange> changes) {
        changes.forEach(this::apply);
        reportedElsewhere.accept(realmId);
    }

    /** The realm's sessions changed in a way the kept counts cannot follow: recount them soon. */
    void markStale(String realmId) {
        RealmCounts realm = realms.get(realmId);
        if (realm == null) {
            return;
        }
        synchronized (realm) {
            long now = clock.getAsLong();
            realm.totals.values().forEach(c -> c.stale(now));
            if (realm.stats != null) {
                realm.stats.stale(now);
            }
        }
    }

    /** The realms with kept counts on this node. */
    Set<String> realmIds() {
        return Set.copyOf(realms.keySet());
    }

    /** Drops what is kept of a realm (it was removed). */
    void forget(String realmId) {
        realms.remove(realmId);
    }

    private RealmCounts realm(String realmId) {
        RealmCounts realm = realms.get(realmId);
        if (realm != null) {
            return realm;
        }
        if (realms.size() >= maxRealms) {
            realms.clear(); // very many realms at once: start over rather than grow
        }
        return realms.computeIfAbsent(realmId, RealmCounts::new);
    }

    private void refreshLater(RealmCounts realm, SessionFilter filter, Counter counter) {
        submit(
                () -> {
                    long started = clock.getAsLong();
                    long value = source.count(realm.realmId, filter);
                    long now = clock.getAsLong();
                    synchronized (realm) {
                        counter.finishRefresh(value, now, now - started);
                    }
                },
                () -> {
                    synchronized (realm) {
                        counter.failRefresh(clock.getAsLong());
                    }
                });
    }

    private void refreshStatsLater(RealmCounts realm, StatsEntry entry) {
        submit(
                () -> {
                    long started = clock.getAsLong();
                    RealmStats value = source.stats(realm.realmId, entry.query);
                    long now = clock.getAsLong();
                    synchronized (realm) {
                        entry.finishRefresh(value, now, now - started);
                    }
                },
                () -> {
                    synchronized (realm) {
                        entry.failRefresh(clock.getAsLong());
                    }
                });
    }

    private void submit(Runnable work, Runnable onFailure) {
        try {
            background.execute(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.debugf(e, "Recounting sessions failed; the next request after the time to live tries again");
                    onFailure.run();
                }
            });
        } catch (RejectedExecutionException e) {
            onFailure.run();
        }
    }

    /** What is kept of one realm; guarded by its own monitor. */
    private static final class RealmCounts {
        final String realmId;
        final Map<SessionFilter, Counter> totals = new HashMap<>();
        StatsEntry stats;

        RealmCounts(String realmId) {
            this.realmId = realmId;
        }
    }

    /** When a kept value is due for a recount. */
    private abstract static class Freshness {
        long computedAt;
        long tookMillis;
        long dueAt;
        boolean refreshing;
        final long ttlMillis;

        Freshness(long computedAt, long tookMillis, long ttlMillis) {
            this.ttlMillis = ttlMillis;
            computed(computedAt, tookMillis);
        }

        final void computed(long now, long took) {
            computedAt = now;
            tookMillis = took;
            dueAt = now + Math.max(ttlMillis, BACKOFF_FACTOR * took);
        }

        final boolean due(long now) {
            return now >= dueAt;
        }

        final void stale(long now) {
            dueAt = Math.min(dueAt, Math.max(now, computedAt + BACKOFF_FACTOR * tookMillis));
        }

        final void failRefresh(long now) {
            refreshing = false;
            dueAt = now + ttlMillis;
        }
    }

    private static final class Counter extends Freshness {
        long value;
        /** False until the first count is done (a gauge asked for a count nobody had made yet). */
        boolean known = true;
        /** Changes applied while a recount runs, added to its result (it may or may not have seen them). */
        long deltaDuringRefresh;

        Counter(long value, long computedAt, long tookMillis, long ttlMillis) {
            super(computedAt, tookMillis, ttlMillis);
            this.value = value;
        }

        static Counter unknown(long now, long ttlMillis) {
            Counter counter = new Counter(0, now, 0, ttlMillis);
            counter.known = false;
            return counter;
        }

        void add(long delta) {
            value = Math.max(0, value + delta);
            if (refreshing) {
                deltaDuringRefresh += delta;
            }
        }

        void startRefresh() {
            refreshing = true;
            deltaDuringRefresh = 0;
        }

        void finishRefresh(long counted, long now, long took) {
            value = Math.max(0, counted + deltaDuringRefresh);
            known = true;
            refreshing = false;
            computed(now, took);
        }
    }

    private static final class StatsEntry extends Freshness {
        final RealmStats.Query query;
        RealmStats value;
        final Set<String> pendingUsers = new LinkedHashSet<>();
        private Set<String> pendingAtRefreshStart = Set.of();
        private List<SessionChange> duringRefresh = new ArrayList<>();

        StatsEntry(RealmStats.Query query, RealmStats value, long computedAt, long tookMillis, long ttlMillis) {
            super(computedAt, tookMillis, ttlMillis);
            this.query = query;
            this.value = value;
        }

        void apply(SessionChange change) {
            value = value.with(change, query);
            if (change.delta() > 0
                    && !change.facts().offline()
                    && value.excessive().stream()
                            .noneMatch(u -> u.userId().equals(change.facts().userId()))) {
                if (pendingUsers.size() < MAX_PENDING_USERS) {
                    pendingUsers.add(change.facts().userId());
                } else {
                    dueAt = Math.min(dueAt, computedAt + BACKOFF_FACTOR * tookMillis); // too many: recount all
                }
            }
            if (refreshing && duringRefresh != null) {
                duringRefresh.add(change);
                if (duringRefresh.size() > MAX_CHANGES_DURING_RECOUNT) {
                    duringRefresh = null;
                }
            }
        }

        void startRefresh() {
            refreshing = true;
            duringRefresh = new ArrayList<>();
            pendingAtRefreshStart = Set.copyOf(pendingUsers);
        }

        void finishRefresh(RealmStats counted, long now, long took) {
            RealmStats next = counted;
            if (duringRefresh != null) {
                for (SessionChange change : duringRefresh) {
                    next = next.with(change, query);
                }
            }
            value = next;
            duringRefresh = new ArrayList<>();
            pendingUsers.removeAll(pendingAtRefreshStart); // counted by the recount; later ones still pending
            pendingAtRefreshStart = Set.of();
            refreshing = false;
            computed(now, took);
        }
    }
}
