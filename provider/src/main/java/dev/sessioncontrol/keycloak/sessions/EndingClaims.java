package dev.sessioncontrol.keycloak.sessions;

import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * One request at a time may end a session: the request claims the session's id in Keycloak's work cache
 * ({@link WorkCache}: an atomic put-if-absent on every node) and holds the claim until it ends, so that two requests
 * racing to end one session (two sign-ins under the policy, an admin and the user) end it once. A claim also
 * expires by itself after a minute, should its node die. Where there is no work cache (external Infinispan) every
 * request may go ahead.
 */
final class EndingClaims {

    private static final Logger LOG = Logger.getLogger(EndingClaims.class);
    private static final String PREFIX = "session-control.claim:";
    private static final long CLAIM_SECONDS = 60;

    private EndingClaims() {}

    /** A claim on one session, given up when its request ends or when released. */
    static final class Claim {
        private final WorkCache work;
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Claim(WorkCache work, String key) {
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
        WorkCache work = WorkCache.of(session, CLAIM_SECONDS);
        String key = PREFIX + sessionId;
        if (work != null) {
            try {
                if (work.putIfAbsent(key, "claimed") != null) {
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
                claim.release(); // Keycloak has written the ending everywhere by now
            }

            @Override
            protected void rollbackImpl() {
                claim.release();
            }
        });
        return claim;
    }
}
