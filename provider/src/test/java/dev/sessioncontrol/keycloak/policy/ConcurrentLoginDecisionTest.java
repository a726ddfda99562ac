package dev.sessioncontrol.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.keycloak.config.ConcurrentLoginMode;
import dev.sessioncontrol.keycloak.config.LimitAction;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentLoginDecisionTest {

    private static final LiveSession WEB_OLD = new LiveSession("w1", "Web", 100);
    private static final LiveSession WEB_MID = new LiveSession("w2", "Web", 200);
    private static final LiveSession MOBILE = new LiveSession("m1", "Mobile", 150);
    private static final LiveSession LEGACY = new LiveSession("x1", null, 50);
    private static final List<LiveSession> EXISTING = List.of(WEB_MID, MOBILE, WEB_OLD, LEGACY);

    private static Policy policy(ConcurrentLoginMode mode, int max, LimitAction action) {
        return new Policy(mode, max, action, null);
    }

    private static List<String> ended(Decision d) {
        return d.toEnd().stream().map(LiveSession::id).toList();
    }

    @Test
    void disabledEndsNothing() {
        Decision d = ConcurrentLoginDecision.forNewSignIn(
                policy(ConcurrentLoginMode.Disabled, 1, LimitAction.TerminateOldest), "Web", "new", EXISTING);
        assertEquals(Decision.Verdict.ALLOW, d.verdict());
    }

    @Test
    void sameTypeEndsOnlySessionsOfTheNewSessionsType() {
        Decision d = ConcurrentLoginDecision.forNewSignIn(
                policy(ConcurrentLoginMode.LogoutFromSameTypeDevices, 1, LimitAction.TerminateOldest),
                "Web",
                "new",
                EXISTING);
        assertEquals(List.of("w1", "w2"), ended(d));
    }

    @Test
    void sameTypeKeepsTheNewestNOfTheType() {
        Decision d = ConcurrentLoginDecision.forNewSignIn(
                policy(ConcurrentLoginMode.LogoutFromSameTypeDevices, 2, LimitAction.TerminateOldest),
                "Web",
                "new",
                EXISTING);
        assertEquals(List.of("w1"), ended(d));
    }

    @Test
    void sameTypeWithRoomLeftEndsNothing() {
        Decision d = ConcurrentLoginDecision.forNewSignIn(
                policy(ConcurrentLoginMode.LogoutFromSameTypeDevices, 3, LimitAction.TerminateOldest),
                "Web",
                "new",
                EXISTING);
        assertEquals(Decision.Verdict.ALLOW, d.verdict());
    }

    @Test
    void aTypeNobodyElseHasEndsNothing() {
        Decision d = ConcurrentLoginDecision.forNewSignIn(
                policy(ConcurrentLoginMode.LogoutFromSameTypeDevices, 1, LimitAction.TerminateOldest),
                "OAuth",
                "new",
                EXISTING);
        assertEquals(Decision.Verdict.ALLOW, d.verdict());
    }

    @Test
    void allDevicesEndsEveryOtherSessionOldestFirstIgnoringMax() {
        Decision d = ConcurrentLoginDecision.forNewSignIn(
                policy(ConcurrentLoginMode.LogoutFromAllDevices, 5, LimitAction.TerminateOldest),
                "Web",
                "new",
                EXISTING);
        assertEquals(List.of("x1", "w1", "m1", "w2"), ended(d));
    }

    @Test
    void theNewSessionIsNeverEndedEvenWhenListedAndOldest() {
        LiveSession self = new LiveSession("new", "Web", 1);
        Decision d = ConcurrentLoginDecision.forNewSignIn(
                policy(ConcurrentLoginMode.LogoutFromAllDevices, 1, LimitAction.TerminateOldest),
                "Web",
                "new",
                List.of(self, WEB_OLD));
        assertEquals(List.of("w1"), ended(d));
    }

    @Test
    void tiesOnStartAreBrokenById() {
        LiveSession b = new LiveSession("b", "Web", 100);
        LiveSession a = new LiveSession("a", "Web", 100);
        Decision d = ConcurrentLoginDecision.forNewSignIn(
                policy(ConcurrentLoginMode.LogoutFromSameTypeDevices, 2, LimitAction.TerminateOldest),
                "Web",
                "new",
                List.of(b, a));
        assertEquals(List.of("a"), ended(d));
    }

    @Test
    void denyNewRefusesWhileTheLimitIsReached() {
        Policy p = policy(ConcurrentLoginMode.LogoutFromSameTypeDevices, 2, LimitAction.DenyNew);
        assertTrue(
                ConcurrentLoginDecision.forNewSignIn(p, "Web", null, EXISTING).denied());
        assertEquals(
                Decision.Verdict.ALLOW,
                ConcurrentLoginDecision.forNewSignIn(p, "Web", null, List.of(WEB_OLD, MOBILE))
                        .verdict());
    }

    @Test
    void reconcileKeepsTheNewestByOneOrderWhateverSessionAsks() {
        Policy p = policy(ConcurrentLoginMode.LogoutFromAllDevices, 1, LimitAction.TerminateOldest);
        LiveSession x = new LiveSession("x", "Web", 300);
        LiveSession y = new LiveSession("y", "Mobile", 300);
        List<LiveSession> all = List.of(x, y, WEB_OLD);
        assertEquals(List.of("w1", "x"), ended(ConcurrentLoginDecision.reconcile(p, "Web", all)));
        assertEquals(List.of("w1", "x"), ended(ConcurrentLoginDecision.reconcile(p, "Mobile", all)));
    }

    @Test
    void reconcileStaysWithinTheTypeForSameType() {
        Policy p = policy(ConcurrentLoginMode.LogoutFromSameTypeDevices, 1, LimitAction.TerminateOldest);
        assertEquals(List.of("w1"), ended(ConcurrentLoginDecision.reconcile(p, "Web", EXISTING)));
        assertEquals(
                Decision.Verdict.ALLOW,
                ConcurrentLoginDecision.reconcile(p, "Mobile", EXISTING).verdict());
    }

    @Test
    void reconcileNeverEndsAnythingUnderDenyNew() {
        Policy p = policy(ConcurrentLoginMode.LogoutFromAllDevices, 1, LimitAction.DenyNew);
        assertEquals(
                Decision.Verdict.ALLOW,
                ConcurrentLoginDecision.reconcile(p, "Web", EXISTING).verdict());
    }

    @Test
    void maxBelowOneMeansOne() {
        assertEquals(
                1,
                new Policy(ConcurrentLoginMode.LogoutFromSameTypeDevices, 0, LimitAction.TerminateOldest, null)
                        .limit());
    }
}
