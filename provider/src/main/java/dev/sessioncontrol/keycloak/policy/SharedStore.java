package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.sessions.WorkCache;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.keycloak.models.KeycloakSession;

/** Strings shared by every node, with atomic conditional writes: Keycloak's work cache, or a map in unit tests. */
interface SharedStore {

    String get(String key);

    /** @return the value there already, or null when this one was put */
    String putIfAbsent(String key, String value);

    boolean replace(String key, String expected, String value);

    boolean remove(String key, String expected);

    /** As {@link #remove(String, String)}, without waiting for the other nodes. */
    default CompletionStage<Boolean> removeLater(String key, String expected) {
        return CompletableFuture.completedFuture(remove(key, expected));
    }

    /** As {@link #replace}, without waiting for the other nodes. */
    default CompletionStage<Boolean> replaceLater(String key, String expected, String value) {
        return CompletableFuture.completedFuture(replace(key, expected, value));
    }

    /** How long a sign-in window or an admission may stay before it expires (only if its node dies). */
    long ENTRY_SECONDS = 300;

    /**
     * Keycloak's work cache, or null where Keycloak has none (every sign-in then locks and re-checks; {@code DenyNew}
     * decides on written sessions only).
     */
    static SharedStore of(KeycloakSession session) {
        return of(session, ENTRY_SECONDS);
    }

    /** As {@link #of(KeycloakSession)}, with entries that expire after this many seconds. */
    static SharedStore of(KeycloakSession session, long lifespanSeconds) {
        WorkCache cache = WorkCache.of(session, lifespanSeconds);
        return cache == null ? null : of(cache);
    }

    static SharedStore of(WorkCache cache) {
        return new SharedStore() {
            @Override
            public String get(String key) {
                return cache.get(key);
            }

            @Override
            public String putIfAbsent(String key, String value) {
                return cache.putIfAbsent(key, value);
            }

            @Override
            public boolean replace(String key, String expected, String value) {
                return cache.replace(key, expected, value);
            }

            @Override
            public boolean remove(String key, String expected) {
                return cache.remove(key, expected);
            }

            @Override
            public CompletionStage<Boolean> removeLater(String key, String expected) {
                return cache.removeLater(key, expected);
            }

            @Override
            public CompletionStage<Boolean> replaceLater(String key, String expected, String value) {
                return cache.replaceLater(key, expected, value);
            }
        };
    }
}
