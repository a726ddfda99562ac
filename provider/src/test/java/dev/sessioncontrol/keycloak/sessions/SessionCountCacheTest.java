package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SessionCountCacheTest {

    private final AtomicLong counted = new AtomicLong();
    private final List<Runnable> pending = new ArrayList<>();

    private SessionCountCache cache(long ttlMillis, int maxEntries) {
        return new SessionCountCache(ttlMillis, maxEntries, pending::add, (realm, filter) -> 1000 + counted.get());
    }

    private long count(SessionCountCache cache, String realm, SessionFilter filter) {
        return cache.count(realm, filter, () -> 100 + counted.incrementAndGet());
    }

    @Test
    void realmWideCountsAreReusedUntilTheRealmIsForgotten() {
        SessionCountCache cache = cache(60_000, 10);
        assertEquals(101, count(cache, "r1", SessionFilter.NONE));
        assertEquals(101, count(cache, "r1", SessionFilter.NONE));
        assertEquals(102, count(cache, "r2", SessionFilter.NONE), "per realm");
        assertEquals(103, count(cache, "r1", new SessionFilter(null, null, "Web", null)), "per filter");
        cache.forgetRealm("r1");
        assertEquals(104, count(cache, "r1", SessionFilter.NONE));
        assertEquals(102, count(cache, "r2", SessionFilter.NONE), "other realms kept");
        assertEquals(0, pending.size());
    }

    @Test
    void staleCountsAreAnsweredWhileOneBackgroundRecountRuns() throws InterruptedException {
        SessionCountCache cache = cache(1, 10);
        assertEquals(101, count(cache, "r", SessionFilter.NONE));
        Thread.sleep(5);
        assertEquals(101, count(cache, "r", SessionFilter.NONE), "stale value, no wait");
        assertEquals(101, count(cache, "r", SessionFilter.NONE));
        assertEquals(1, pending.size(), "one recount, not one per request");
        pending.get(0).run();
        assertEquals(1001, count(cache, "r", SessionFilter.NONE));
    }

    @Test
    void oneUsersCountsAndAZeroTimeToLiveAreNeverCached() {
        SessionCountCache cache = cache(60_000, 10);
        SessionFilter oneUser = new SessionFilter(List.of("u"), null, null, null);
        assertEquals(101, count(cache, "r", oneUser));
        assertEquals(102, count(cache, "r", oneUser));
        SessionCountCache off = cache(0, 10);
        assertEquals(103, count(off, "r", SessionFilter.NONE));
        assertEquals(104, count(off, "r", SessionFilter.NONE));
    }

    @Test
    void staysBounded() {
        SessionCountCache cache = cache(60_000, 2);
        count(cache, "a", SessionFilter.NONE);
        count(cache, "b", SessionFilter.NONE);
        count(cache, "c", SessionFilter.NONE);
        assertEquals(104, count(cache, "a", SessionFilter.NONE), "entries were dropped rather than grown");
    }
}
