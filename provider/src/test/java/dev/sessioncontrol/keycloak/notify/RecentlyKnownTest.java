package dev.sessioncontrol.keycloak.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecentlyKnownTest {

    private static final long T = 1_800_000_000_000L;
    private static final String KEY = RecentlyKnown.key("realm", "user", "chrome|windows|web");

    @Test
    void foundIsKnownForTheKeepTimeOnly() {
        RecentlyKnown known = new RecentlyKnown();
        assertFalse(known.known(KEY, T));
        known.found(KEY, T);
        assertTrue(known.known(KEY, T + RecentlyKnown.KEEP_MILLIS - 1));
        assertFalse(known.known(KEY, T + RecentlyKnown.KEEP_MILLIS));
        assertFalse(known.known(KEY, T + 1), "an expired entry is dropped");
    }

    @Test
    void aForgottenDeviceIsNotKnown() {
        RecentlyKnown known = new RecentlyKnown();
        known.found(KEY, T);
        known.forget(KEY);
        assertFalse(known.known(KEY, T + 1));
    }

    @Test
    void keysOfOtherUsersAndDevicesDiffer() {
        RecentlyKnown known = new RecentlyKnown();
        known.found(KEY, T);
        assertFalse(known.known(RecentlyKnown.key("realm", "other", "chrome|windows|web"), T));
        assertFalse(known.known(RecentlyKnown.key("realm", "user", "firefox|windows|web"), T));
        assertFalse(known.known(KEY, T - 1), "a clock gone back");
    }

    @Test
    void boundedLeastRecentlyUsedFirst() {
        RecentlyKnown known = new RecentlyKnown();
        known.found(KEY, T);
        for (int i = 0; i < RecentlyKnown.MAX_ENTRIES; i++) {
            known.found(RecentlyKnown.key("realm", "u" + i, "d"), T);
            if (i == 10) {
                assertTrue(known.known(RecentlyKnown.key("realm", "u0", "d"), T)); // used: kept longer
            }
        }
        assertEquals(RecentlyKnown.MAX_ENTRIES, known.size());
        assertFalse(known.known(KEY, T), "the least recently used went first");
    }
}
