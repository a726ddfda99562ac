package dev.sessioncontrol.keycloak.sessions;

import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Short-lived shared state in Keycloak's work cache: replicated synchronously to every node of a cluster (local
 * with {@code --cache=local}), its conditional writes atomic cluster-wide, its reads local. Keys of this extension
 * start with {@code session-control.}; values are strings, which Keycloak's marshalling knows; every entry expires.
 */
public final class WorkCache {

    private final Cache<String, Object> cache;
    private final long lifespanSeconds;

    private WorkCache(Cache<String, Object> cache, long lifespanSeconds) {
        this.cache = cache;
        this.lifespanSeconds = lifespanSeconds;
    }

    /** The node's work cache with entries of this lifespan, or null where there is none (external Infinispan). */
    public static WorkCache of(KeycloakSession session, long lifespanSeconds) {
        try {
            InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
            Cache<String, Object> cache = infinispan == null
                    ? null
                    : infinispan.getCache(InfinispanConnectionProvider.WORK_CACHE_NAME, false);
            return cache == null ? null : new WorkCache(cache, lifespanSeconds);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    public String get(String key) {
        return cache.get(key) instanceof String value ? value : null;
    }

    /** @return the value there already, or null when this one was put */
    public String putIfAbsent(String key, String value) {
        Object previous = cache.putIfAbsent(key, value, lifespanSeconds, TimeUnit.SECONDS);
        return previous == null ? null : String.valueOf(previous);
    }

    public boolean replace(String key, String expected, String value) {
        return cache.replace(key, expected, value, lifespanSeconds, TimeUnit.SECONDS);
    }

    public boolean remove(String key, String expected) {
        return cache.remove(key, expected);
    }

    public void remove(String key) {
        cache.remove(key);
    }
}
