package dev.sessioncontrol.keycloak.sessions;

import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.infinispan.Cache;
import org.infinispan.context.Flag;
import org.jboss.logging.Logger;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Short-lived shared state in Keycloak's work cache: replicated synchronously to every node of a cluster (local
 * with {@code --cache=local}), its conditional writes atomic cluster-wide, its reads local. Keys of this extension
 * start with {@code session-control.}; values are strings, which Keycloak's marshalling knows; every entry expires.
 */
public final class WorkCache {

    private static final Logger LOG = Logger.getLogger(WorkCache.class);

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

    /** As {@link #remove(String, String)}, without waiting for the other nodes. */
    public CompletionStage<Boolean> removeLater(String key, String expected) {
        return cache.removeAsync(key, expected);
    }

    /** As {@link #replace}, without waiting for the other nodes. */
    public CompletionStage<Boolean> replaceLater(String key, String expected, String value) {
        return cache.replaceAsync(key, expected, value, lifespanSeconds, TimeUnit.SECONDS);
    }

    /**
     * Removes the entry without waiting for the other nodes, nor for its old value: for an entry whose late removal
     * only delays whoever waits for it (it expires anyway). A failure is logged at DEBUG.
     */
    public void removeLater(String key) {
        try {
            cache.getAdvancedCache()
                    .withFlags(Flag.IGNORE_RETURN_VALUES)
                    .removeAsync(key)
                    .whenComplete((previous, failure) -> {
                        if (failure != null) {
                            LOG.debugf(failure, "Could not remove %s; it expires by itself", key);
                        }
                    });
        } catch (RuntimeException e) {
            LOG.debugf(e, "Could not remove %s; it expires by itself", key);
        }
    }
}
