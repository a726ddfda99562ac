package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.config.LimitAction;
import java.util.Collection;
import java.util.List;

/**
 * Which of a user's sessions a new sign-in ends, or whether it is refused. Pure: no Keycloak calls, so every
 * rule of the contract is unit-tested here.
 *
 * <p>Two questions are asked. {@link #forNewSignIn} is asked in the request that signs in: the new session
 * is never among those ended. {@link #reconcile} is asked again after that request committed, when parallel
 * sign-ins of the same user may each have missed the others: it keeps the newest sessions by one total order
 * (start time, then id) that every request and every node agree on, so two re-checks never end each
 * other's survivor.
 */
final class ConcurrentLoginDecision {

    private ConcurrentLoginDecision() {}

    /**
     * @param policy       the realm's policy (an exempt user is never asked about)
     * @param deviceType   the new session's device type
     * @param newSessionId the new session's id, or null when asked before it exists (the authenticator)
     * @param existing     the user's live sessions; the new one, if listed, is ignored
     */
    static Decision forNewSignIn(
            Policy policy, String deviceType, String newSessionId, Collection<LiveSession> existing) {
        if (!policy.enabled()) {
            return Decision.ALLOW;
        }
        List<LiveSession> inScope = existing.stream()
                .filter(s -> !s.id().equals(newSessionId))
                .filter(s -> policy.inScope(deviceType, s))
                .sorted(LiveSession.OLDEST_FIRST)
                .toList();
        // The new session takes one of the places.
        int surplus = inScope.size() + 1 - policy.limit();
        if (surplus <= 0) {
            return Decision.ALLOW;
        }
        if (policy.action() == LimitAction.DenyNew) {
            return Decision.DENY;
        }
        return Decision.endOthers(inScope.subList(0, surplus));
    }

    /**
     * The after-commit re-check: within the scope of a new session of {@code deviceType}, keeps the newest
     * {@code limit} sessions and ends the rest. Never ends anything under {@code DenyNew}, which refuses
     * sign-ins but never signs anyone out.
     *
     * @param all the user's live sessions, as committed
     */
    static Decision reconcile(Policy policy, String deviceType, Collection<LiveSession> all) {
        if (!policy.enabled() || policy.action() == LimitAction.DenyNew) {
            return Decision.ALLOW;
        }
        List<LiveSession> inScope = all.stream()
                .filter(s -> policy.inScope(deviceType, s))
                .sorted(LiveSession.OLDEST_FIRST)
                .toList();
        int surplus = inScope.size() - policy.limit();
        return surplus <= 0 ? Decision.ALLOW : Decision.endOthers(inScope.subList(0, surplus));
    }
}
