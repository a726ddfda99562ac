package dev.sessioncontrol.keycloak.sessions;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.infinispan.Cache;
import org.jboss.logging.Logger;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * One request at a time may end a session, or be creating it: the request claims the session's id in Keycloak's
 * work cache (replicated synchronously to every node; an atomic put-if-absent) and holds the claim until it ends,
 * so that two requests racing to end one session (two sign-ins under the policy, an admin and the user) end it
 * once, and a session is not ended while the request that creates it is still writing it (Keycloak would write it
 * back afterwards). A claim also expires by itself after a minute, should its node die. Where there is no work
 * cache (external Infinispan) every request may go ahead.
 */
final class EndingClaims {

    private static final Logger LOG = Logger.getLogger(EndingClaims.class);
    private static final String PREFIX = "session-control.claim:";
    private static final long CLAIM_SECONDS = 60;

    private EndingClaims() {
    }

    /** A claim on one session, given up when its request ends or when released. */
    static final class Claim {
        private final Cache<String, Object> work;
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Claim(Cache<String, Object> work, String key) {
            this.work = work;
            this.key = key;
        }

        void release() {
            if (work == null || !released.compareAndSet(false, true)) {
                return;
            }
            try {
                work.remove(key);
            } catch (RuntimeException e) {
                LOG.debugf(e, "Could not give up the claim %s; it expires by itself", key);
            }
        }
    }

    /** @return the claim, or null when another request holds one on this session */
    static Claim claim(KeycloakSession session, String sessionId) {
        Cache<String, Object> work = workCache(session);
        String key = PREFIX + sessionId;
        if (work != null) {
            try {
                if (work.putIfAbsent(key, "claimed", CLAIM_SECONDS, TimeUnit.SECONDS) != null) {
                    LOG.debugf("Session %s is claimed by another request", sessionId);
                    return null;
                }
            } catch (RuntimeException e) {
                LOG.debugf(e, "Could not claim session %s; going ahead", sessionId);
                work = null;
            }
        }
        Claim claim = new Claim(work, key);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                claim.release(); // Keycloak has written the ending (or creation) everywhere by now
            }

            @Override
            protected void rollbackImpl() {
                claim.release();
            }
        });
        return claim;
    }

    private static Cache<String, Object> workCache(KeycloakSession session) {
        try {
            InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
            return infinispan == null ? null : infinispan.getCache(InfinispanConnectionProvider.WORK_CACHE_NAME, false);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
