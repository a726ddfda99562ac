package dev.sessioncontrol.keycloak.sessions;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.keycloak.provider.Provider;

/**
 * Node-local, short-lived memory of realm-wide session counts. Counting every live session of a large realm costs
 * a scan of the listing index on each request (about 0.1–0.2 s per 100,000 sessions on H2); paging through a
 * listing asks for the same count again and again. Counts of one user's sessions are cheap and never cached.
 * Every ending through this extension forgets the realm's counts on this node; sessions created, expired or
 * ended elsewhere show in the count after at most the time to live.
 */
public final class SessionCountCache implements Provider {

    private record Key(String realmId, SessionFilter filter) {
    }

    private record Entry(long count, long expiresAtMillis) {
    }

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final long ttlMillis;
    private final int maxEntries;

    public SessionCountCache(long ttlMillis, int maxEntries) {
        this.ttlMillis = ttlMillis;
        this.maxEntries = maxEntries;
    }

    long count(String realmId, SessionFilter filter, LongSupplier counter) {
        if (ttlMillis <= 0 || filter.userIds() != null) {
            return counter.getAsLong();
        }
        Key key = new Key(realmId, filter);
        long now = System.currentTimeMillis();
        Entry entry = entries.get(key);
        if (entry != null && entry.expiresAtMillis() > now) {
            return entry.count();
        }
        long count = counter.getAsLong();
        if (entries.size() >= maxEntries) {
            entries.values().removeIf(e -> e.expiresAtMillis() <= now);
            if (entries.size() >= maxEntries) {
                entries.clear(); // many distinct filters at once: start over rather than grow
            }
        }
        entries.put(key, new Entry(count, now + ttlMillis));
        return count;
    }

    void forgetRealm(String realmId) {
        entries.keySet().removeIf(k -> Objects.equals(k.realmId(), realmId));
    }

    @Override
    public void close() {
        // Shared by all sessions of the node: closed with its factory, not per request.
    }
}
