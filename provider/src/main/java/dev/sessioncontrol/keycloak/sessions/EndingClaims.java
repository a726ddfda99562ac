package dev.sessioncontrol.keycloak.sessions;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * One request at a time may end a sign-in's sessions: the request claims the sessions' id (the regular and the
 * offline session of one sign-in share it, and are claimed together) in Keycloak's work cache ({@link WorkCache}: an
 * atomic put-if-absent on every node) and holds the claim until it ends, so that two requests racing to end one
 * session (two sign-ins under the policy, an admin and the user) end it once. A request that holds a claim already
 * gets it again (a bulk ending meets the regular and then the offline form of one sign-in). A claim also expires by
 * itself after a minute, should its node die. Where there is no work cache (external Infinispan) every request may go
 * ahead.
 */
final class EndingClaims {

    private static final Logger LOG = Logger.getLogger(EndingClaims.class);
    private static final String PREFIX = "session-control.claim:";
    private static final long CLAIM_SECONDS = 60;
    /** The claims the current request holds, by session id, kept on its {@link KeycloakSession}. */
    private static final String HELD = EndingClaims.class.getName() + ".held";

    private EndingClaims() {}

    /** A claim on one sign-in's sessions, given up when its request ends. */
    static final class Claim {
        private final WorkCache work;
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Claim(WorkCache work, String key) {
            this.work = work;
            this.key = key;
        }

        /**
         * Gives the claim up once the request's transaction has ended, without waiting for the other nodes: the
         * ending is written everywhere by then, so a request that still finds the claim finds nothing left to end
         * once it is gone.
         */
        private void releaseLater() {
            if (!released.compareAndSet(false, true) || work == null) {
                return;
            }
            work.removeLater(key);
        }
    }

    /** @return the claim (the same one when this request holds it already), or null when another request holds it */
    static Claim claim(KeycloakSession session, String sessionId) {
        @SuppressWarnings("unchecked")
        Map<String, Claim> held = session.getAttribute(HELD, Map.class);
        if (held == null) {
            held = new HashMap<>();
            session.setAttribute(HELD, held);
            Map<String, Claim> all = held;
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    giveUpAll();
                }

                @Override
                protected void rollbackImpl() {
                    giveUpAll();
                }

                private void giveUpAll() {
                    for (Claim claim : all.values().toArray(Claim[]::new)) {
                        claim.releaseLater();
                    }
                    all.clear();
                }
            });
        }
        Claim mine = held.get(sessionId);
        if (mine != null) {
            return mine;
        }
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
        held.put(sessionId, claim);
        return claim;
    }
}
