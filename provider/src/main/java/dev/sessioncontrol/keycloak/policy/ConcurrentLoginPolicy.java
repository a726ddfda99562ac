package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.config.ConcurrentLoginMode;
import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.SessionRow;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import dev.sessioncontrol.keycloak.sessions.UserLock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The concurrent-login policy for a session that was just created (the listener's one entry point): one per node,
 * owned by the listener's factory, keeping no state of its own (the sign-in windows it needs are shared by every
 * node, see {@link SignInWindows}). Applied in two steps:
 *
 * <ol>
 * <li>In the request, under the user's row lock: ends the surplus among the user's sessions as committed,
 * never the new one, nor one that a parallel sign-in is still writing.</li>
 * <li>After the request committed, in a fresh transaction: the re-check. Keycloak writes a new session's row
 * after the request's own transaction has committed (in the same commit, as a separate database transaction,
 * unless the STATELESS feature is on), so a parallel sign-in of the same user may not have seen this one, nor
 * this one it. The re-check runs after this request's row was written and keeps the newest by the one order
 * every request agrees on.</li>
 * </ol>
 * A sign-in that overlapped no other sign-in of the same user, on any node, needs neither the lock nor the re-check
 * (see {@link SignInWindows}).
 */
public final class ConcurrentLoginPolicy {

    private static final Logger LOG = Logger.getLogger(ConcurrentLoginPolicy.class);

    static final String DETAIL_POLICY = "policy";
    static final String DETAIL_DEVICE_TYPE = "device_type";
    static final String DETAIL_REPLACED_BY = "replaced_by";

    /**
     * A session was just created by a sign-in (and stamped with its device type): ends what the realm's policy says
     * must end, now (step 1) and after the request commits (step 2). Does nothing where the policy is off or the
     * user is exempt.
     */
    public void signedIn(
            KeycloakSession session,
            RealmModel realm,
            UserSessionModel newSession,
            String deviceType,
            ClientModel client) {
        Policy policy = Policy.of(SessionControlConfig.of(realm));
        UserModel user = newSession.getUser();
        if (!policy.enabled() || policy.exempts(realm, user)) {
            return;
        }
        SessionService sessions = new SessionService(session, realm);
        SharedStore windows = SharedStore.of(session, SignInWindows.LIFESPAN_SECONDS);
        String windowKey = SignInWindows.key(realm.getId(), user.getId());
        SignInWindows.Ticket ticket = windows == null
                ? null
                : SignInWindows.open(
                        windows, windowKey, newSession.getId(), Time.currentTimeMillis(), sessions::signInsWritten);
        // Enlisted before the first read, so that the re-check, or a rolled-back sign-in's window removal, follows
        // whatever happens next.
        AfterSignIn after = new AfterSignIn(
                session,
                windows,
                ticket,
                realm.getId(),
                user.getId(),
                newSession.getId(),
                deviceType,
                client == null ? null : client.getId());
        session.getTransactionManager().enlistAfterCompletion(after);
        if (ticket == null || !ticket.alone()) {
            // Serializes the first step of parallel sign-ins. A sign-in alone needs no lock: any sign-in of the user
            // that starts before it ends, on any node, overlaps it, and then both re-check.
            UserLock.lock(session, user.getId());
        }
        List<SessionRow> rows = rows(sessions, policy, user.getId(), deviceType);
        Decision decision =
                ConcurrentLoginDecision.forNewSignIn(policy, deviceType, newSession.getId(), LiveSession.ofRows(rows));
        if (decision.denied()) {
            // DenyNew can only refuse before a session exists, in the authenticator; here it must not harm.
            LOG.debugf(
                    "Session %s is over the DenyNew limit of realm %s; left alone (no authenticator refused it)",
                    newSession.getId(), realm.getName());
            return;
        }
        end(sessions, windows, windowKey, ticket, decision.toEnd(), rows, policy, client, newSession.getId());
        after.recheckWanted = true;
    }

    /**
     * Runs once the sign-in's transaction has ended (Keycloak has written the new session everywhere by then, and
     * its indexed facts, which close its window): after a commit, runs the re-check unless the window shows that
     * no other sign-in of the user could have been missed; after a rollback, takes the window out.
     */
    private static final class AfterSignIn extends AbstractKeycloakTransaction {
        private final KeycloakSession session;
        private final SharedStore windows;
        private final String realmId;
        private final String userId;
        private final String newSessionId;
        private final String deviceType;
        private final String clientUuid;
        private final SignInWindows.Ticket ticket;
        private boolean recheckWanted;

        AfterSignIn(
                KeycloakSession session,
                SharedStore windows,
                SignInWindows.Ticket ticket,
                String realmId,
                String userId,
                String newSessionId,
                String deviceType,
                String clientUuid) {
            this.session = session;
            this.windows = windows;
            this.realmId = realmId;
            this.userId = userId;
            this.newSessionId = newSessionId;
            this.deviceType = deviceType;
            this.clientUuid = clientUuid;
            this.ticket = ticket;
        }

        @Override
        protected void commitImpl() {
            releaseAdmissions();
            boolean mayHaveMissed = ticket == null || SignInWindows.close(windows, ticket);
            if (!recheckWanted || !mayHaveMissed) {
                return;
            }
            try {
                KeycloakModelUtils.runJobInTransaction(
                        session.getKeycloakSessionFactory(),
                        session.getContext(),
                        s -> recheck(s, realmId, userId, newSessionId, deviceType, clientUuid));
            } catch (RuntimeException e) {
                LOG.warnf(
                        "Concurrent-login re-check after a sign-in failed in realm %s; the next sign-in of the"
                                + " user repeats it: %s",
                        realmId, e.toString());
            }
        }

        /** The session is written everywhere now: it no longer needs a place kept for it (see {@link Admissions}). */
        private void releaseAdmissions() {
            // Admissions keep their own, longer lifespan.
            SharedStore admissions = windows == null ? null : SharedStore.of(session);
            if (admissions != null) {
                long now = Time.currentTimeMillis();
                Admissions.release(admissions, Admissions.key(realmId, userId, deviceType), newSessionId, now);
                Admissions.release(admissions, Admissions.key(realmId, userId, null), newSessionId, now);
            }
        }

        @Override
        protected void rollbackImpl() {
            releaseAdmissions();
            // The sign-in did not happen: nothing to re-check, and no session will close its window.
            if (ticket != null) {
                SignInWindows.abandon(windows, ticket, Time.currentTimeMillis());
            }
        }
    }

    /** Step 2. */
    private static void recheck(
            KeycloakSession session,
            String realmId,
            String userId,
            String newSessionId,
            String deviceType,
            String clientUuid) {
        RealmModel realm = session.realms().getRealm(realmId);
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        Policy policy = Policy.of(SessionControlConfig.of(realm));
        UserModel user = session.users().getUserById(realm, userId);
        if (!policy.enabled() || user == null || policy.exempts(realm, user)) {
            return;
        }
        SessionService sessions = new SessionService(session, realm);
        // Most re-checks find nothing to end: only take the user's lock, and read again under it, when they do.
        if (ConcurrentLoginDecision.reconcile(
                        policy, deviceType, LiveSession.ofRows(rows(sessions, policy, userId, deviceType)))
                .toEnd()
                .isEmpty()) {
            return;
        }
        UserLock.lock(session, userId);
        List<SessionRow> rows = rows(sessions, policy, userId, deviceType);
        List<LiveSession> all = LiveSession.ofRows(rows);
        Decision decision = ConcurrentLoginDecision.reconcile(policy, deviceType, all);
        if (decision.toEnd().isEmpty()) {
            return;
        }
        String survivor = newestSurvivor(all, decision, newSessionId);
        LOG.debugf(
                "Re-check after session %s ends %d more session(s)",
                newSessionId, decision.toEnd().size());
        ClientModel client = clientUuid == null ? null : realm.getClientById(clientUuid);
        end(
                sessions,
                SharedStore.of(session, SignInWindows.LIFESPAN_SECONDS),
                SignInWindows.key(realmId, userId),
                null,
                decision.toEnd(),
                rows,
                policy,
                client,
                survivor);
    }

    private static String newestSurvivor(List<LiveSession> all, Decision decision, String fallback) {
        return all.stream()
                .filter(s -> !decision.toEnd().contains(s))
                .max(LiveSession.OLDEST_FIRST)
                .map(LiveSession::id)
                .orElse(fallback);
    }

    private static List<SessionRow> rows(SessionService sessions, Policy policy, String userId, String deviceType) {
        // Same-type scope is filtered in the database; the other modes need every session of the user.
        String filter = policy.mode() == ConcurrentLoginMode.LogoutFromSameTypeDevices ? deviceType : null;
        return sessions.liveSessionsOfUser(userId, filter);
    }

    private static void end(
            SessionService sessions,
            SharedStore windows,
            String windowKey,
            SignInWindows.Ticket ticket,
            List<LiveSession> victims,
            List<SessionRow> rows,
            Policy policy,
            ClientModel client,
            String replacedBy) {
        for (LiveSession victim : victims) {
            if (windows != null
                    && SignInWindows.inFlight(windows, windowKey, ticket, victim.id(), sessions::signInsWritten)) {
                continue; // its sign-in is still writing it; that sign-in's own re-check decides about it
            }
            Map<String, String> details = new LinkedHashMap<>();
            details.put(DETAIL_POLICY, policy.mode().name());
            if (victim.deviceType() != null) {
                details.put(DETAIL_DEVICE_TYPE, victim.deviceType());
            }
            details.put(DETAIL_REPLACED_BY, replacedBy);
            // Skipped when already gone (ended by a parallel sign-in, expired, signed out) or being ended by
            // another request.
            // Only the forms just read are looked up (a form written since the read was not counted either).
            Set<SessionType> forms = EnumSet.noneOf(SessionType.class);
            rows.stream().filter(r -> r.id().equals(victim.id())).forEach(r -> forms.add(r.type()));
            sessions.endListed(victim.id(), forms, EndReason.CONCURRENT_LOGIN_POLICY, client, details);
        }
    }
}
