package dev.sessioncontrol.keycloak.sessions;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;
import org.keycloak.provider.Provider;

/**
 * Node-local memory of realm-wide session counts. Counting every live session of a large realm scans the listing
 * index (about 0.1–0.2 s per 100,000 sessions on H2), and paging through a listing asks for the same count again
 * and again. So a count is reused for the time to live; after that the stale value is still answered while one
 * background task counts again (stale-while-revalidate), and only the first count of a realm and filter, or the
 * first after an ending through this extension, is paid by a request. Counts of one user's sessions are cheap
 * and never cached.
 */
public final class SessionCountCache implements Provider {

    private static final Logger LOG = Logger.getLogger(SessionCountCache.class);

    /** Counts again in the background, in a transaction of its own. */
    @FunctionalInterface
    interface Recount {
        long count(String realmId, SessionFilter filter);
    }

    private record Key(String realmId, SessionFilter filter) {
    }

    private record Entry(long count, long freshUntilMillis, boolean refreshing) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxEntries;
    private final Executor background;
    private final Recount recount;

    SessionCountCache(long ttlMillis, int maxEntries, Executor background, Recount recount) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
        this.background = background;
        this.recount = recount;
    }

    long count(String realmId, SessionFilter filter, LongSupplier counter) {
        if (ttlMillis <= 0 || filter.userIds() != null) {
            return counter.getAsLong();
        }
        Key key = new Key(realmId, filter);
        Entry entry = entries.get(key);
        if (entry == null) {
            long count = counter.getAsLong();
            store(key, count);
            return count;
        }
        if (entry.freshUntilMillis() <= System.currentTimeMillis() && !entry.refreshing()
                && entries.replace(key, entry, new Entry(entry.count(), entry.freshUntilMillis(), true))) {
            refreshLater(key);
        }
        return entry.count();
    }

    void forgetRealm(String realmId) {
        entries.keySet().removeIf(k -> Objects.equals(k.realmId(), realmId));
    }

    private void refreshLater(Key key) {
        try {
            background.execute(() -> {
                try {
                    store(key, recount.count(key.realmId(), key.filter()));
                } catch (RuntimeException e) {
                    LOG.debugf(e, "Recounting sessions of realm %s failed", key.realmId());
                    entries.remove(key); // the next request counts itself
                }
            });
        } catch (RejectedExecutionException e) {
            entries.remove(key);
        }
    }

    private void store(Key key, long count) {
        if (!entries.containsKey(key) && entries.size() >= maxEntries) {
            entries.clear(); // many distinct filters at once: start over rather than grow
        }
        entries.put(key, new Entry(count, System.currentTimeMillis() + ttlMillis, false));
    }

    @Override
    public void close() {
        // Shared by all sessions of the node: closed with its factory, not per request.
    }
}
