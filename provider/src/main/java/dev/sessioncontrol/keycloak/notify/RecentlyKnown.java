package dev.sessioncontrol.keycloak.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The devices this node found among a user's known devices within the last few minutes, so that a user who signs in
 * again and again from one device is not looked up each time. Only what was read as committed is remembered. A
 * device forgotten on this node is dropped at once; one forgotten meanwhile on another node (a user who added more than {@link KnownDevices#MAX} devices within
 * those minutes) may still count as known here until its entry expires. Bounded: the least recently used entries go
 * first. One per node, owned by {@link NewDeviceNotifier}.
 */
final class RecentlyKnown {

    static final long KEEP_MILLIS = 5 * 60 * 1000L;
    static final int MAX_ENTRIES = 10_000;

    private final Map<String, Long> seen = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    static String key(String realmId, String userId, String device) {
        return realmId + '\n' + userId + '\n' + device;
    }

    /** Whether the device was found known at most {@link #KEEP_MILLIS} before {@code now}. */
    synchronized boolean known(String key, long now) {
        Long at = seen.get(key);
        if (at == null) {
            return false;
        }
        if (now - at >= KEEP_MILLIS || now < at) {
            seen.remove(key);
            return false;
        }
        return true;
    }

    /** The device was just read among the user's known devices. */
    synchronized void found(String key, long now) {
        seen.put(key, now);
    }

    /** The device is no longer among the user's known devices (forgotten on this node). */
    synchronized void forget(String key) {
        seen.remove(key);
    }

    synchronized int size() {
        return seen.size();
    }
}
