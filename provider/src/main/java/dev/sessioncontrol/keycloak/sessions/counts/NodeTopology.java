package dev.sessioncontrol.keycloak.sessions.counts;

import org.infinispan.Cache;
import org.keycloak.common.Profile;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Whether this node is the only one that creates and ends user sessions: Keycloak runs with local caches
 * ({@code --cache=local}: no cluster transport), and neither multi-site nor clusterless mode keeps sessions
 * elsewhere. Anything else, or anything that cannot be told, counts as a cluster. Each factory that needs the
 * answer holds an instance; it is decided on first use (the cache set-up cannot change while the server runs).
 */
final class NodeTopology {

    private volatile Boolean singleNode;

    boolean singleNode(KeycloakSession session) {
        Boolean known = singleNode;
        if (known == null) {
            known = decide(session);
            singleNode = known;
        }
        return known;
    }

    private static boolean decide(KeycloakSession session) {
        if (Profile.isFeatureEnabled(Profile.Feature.MULTI_SITE)
                || Profile.isFeatureEnabled(Profile.Feature.CLUSTERLESS)) {
            return false;
        }
        try {
            InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
            Cache<?, ?> sessions = infinispan == null
                    ? null
                    : infinispan.getCache(InfinispanConnectionProvider.USER_SESSION_CACHE_NAME, false);
            return sessions != null
                    && !sessions.getCacheManager()
                            .getCacheManagerConfiguration()
                            .isClustered()
                    && !sessions.getCacheConfiguration()
                            .clustering()
                            .cacheMode()
                            .isClustered()
                    && sessions.getCacheConfiguration().persistence().stores().isEmpty();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
