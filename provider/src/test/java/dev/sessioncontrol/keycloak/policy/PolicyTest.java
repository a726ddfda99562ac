package dev.sessioncontrol.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.keycloak.sessions.SessionRow;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyTest {

    @Test
    void theExemptRoleExemptsItsHoldersOnly() {
        Set<String> held = Set.of("vip");
        assertTrue(Policy.exempt("vip", held::contains));
        assertTrue(Policy.exempt(" vip ", held::contains), "as stored, trimmed");
        assertFalse(Policy.exempt("admin", held::contains));
        assertFalse(Policy.exempt(null, held::contains), "no exempt role");
        assertFalse(Policy.exempt("  ", held::contains));
    }

    @Test
    void aSignInsRegularAndOfflineSessionsCountOnce() {
        List<LiveSession> live = LiveSession.ofRows(List.of(
                new SessionRow("a", SessionType.REGULAR, "Mobile", 1_000),
                new SessionRow("a", SessionType.OFFLINE, "Mobile", 1_000),
                new SessionRow("b", SessionType.OFFLINE, "Mobile", 2_000)));
        assertEquals(List.of("a", "b"), live.stream().map(LiveSession::id).toList());
    }

    @Test
    void newestIsSignInOrderToTheMillisecondThenId() {
        LiveSession first = new LiveSession("z", "Web", 1_000_001);
        LiveSession second = new LiveSession("a", "Web", 1_000_002);
        LiveSession sameMillisecond = new LiveSession("b", "Web", 1_000_002);
        List<LiveSession> sorted = List.of(sameMillisecond, second, first).stream()
                .sorted(LiveSession.OLDEST_FIRST)
                .toList();
        assertEquals(
                List.of(first, second, sameMillisecond),
                sorted,
                "within one second by the millisecond, within one millisecond by id");
    }
}
