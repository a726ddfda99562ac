package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SessionCountCacheTest {

    private final AtomicLong counted = new AtomicLong();

    private long count(SessionCountCache cache, String realm, SessionFilter filter) {
        return cache.count(realm, filter, () -> 100 + counted.incrementAndGet());
    }

    @Test
    void realmWideCountsAreReusedUntilTheRealmIsForgotten() {
        SessionCountCache cache = new SessionCountCache(60_000, 10);
        assertEquals(101, count(cache, "r1", SessionFilter.NONE));
        assertEquals(101, count(cache, "r1", SessionFilter.NONE));
        assertEquals(102, count(cache, "r2", SessionFilter.NONE), "per realm");
        assertEquals(103, count(cache, "r1", new SessionFilter(null, null, "Web", null)), "per filter");
        cache.forgetRealm("r1");
        assertEquals(104, count(cache, "r1", SessionFilter.NONE));
        assertEquals(102, count(cache, "r2", SessionFilter.NONE), "other realms kept");
    }

    @Test
    void oneUsersCountsAndAZeroTimeToLiveAreNeverCached() {
        SessionCountCache cache = new SessionCountCache(60_000, 10);
        SessionFilter oneUser = new SessionFilter(List.of("u"), null, null, null);
        assertEquals(101, count(cache, "r", oneUser));
        assertEquals(102, count(cache, "r", oneUser));
        SessionCountCache off = new SessionCountCache(0, 10);
        assertEquals(103, count(off, "r", SessionFilter.NONE));
        assertEquals(104, count(off, "r", SessionFilter.NONE));
    }

    @Test
    void staysBounded() {
        SessionCountCache cache = new SessionCountCache(60_000, 2);
        count(cache, "a", SessionFilter.NONE);
        count(cache, "b", SessionFilter.NONE);
        count(cache, "c", SessionFilter.NONE);
        assertEquals(104, count(cache, "a", SessionFilter.NONE), "entries were dropped rather than grown");
    }
}
