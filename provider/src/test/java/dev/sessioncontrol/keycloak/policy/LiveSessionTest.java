package dev.sessioncontrol.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessioncontrol.keycloak.sessions.SessionRow;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveSessionTest {

    @Test
    void theRegularAndTheOfflineSessionOfOneSignInCountOnce() {
        List<LiveSession> live = LiveSession.ofRows(List.of(
                new SessionRow("a", SessionType.REGULAR, "Mobile", 1000),
                new SessionRow("a", SessionType.OFFLINE, "Mobile", 1000),
                new SessionRow("b", SessionType.OFFLINE, "Mobile", 2000)));
        assertEquals(List.of(new LiveSession("a", "Mobile", 1000), new LiveSession("b", "Mobile", 2000)), live);
    }

    @Test
    void signInsWithinOneSecondAreOrderedByTheirMillisecondsNotByTheirIds() {
        // Ids in the opposite order of the sign-ins: Keycloak's start second alone would order them by id.
        LiveSession first = new LiveSession("z", "Web", 1_700_000_000_010L);
        LiveSession second = new LiveSession("y", "Web", 1_700_000_000_400L);
        LiveSession third = new LiveSession("x", "Web", 1_700_000_000_990L);
        List<LiveSession> sorted = List.of(third, first, second).stream()
                .sorted(LiveSession.OLDEST_FIRST)
                .toList();
        assertEquals(List.of(first, second, third), sorted);
    }

    @Test
    void aSessionFromBeforeTheExtensionIsOlderThanOneSignedInLaterInTheSameSecond() {
        LiveSession legacy = new LiveSession("z", "Web", 1_700_000_000_000L); // start second only
        LiveSession stamped = new LiveSession("a", "Web", 1_700_000_000_500L);
        assertEquals(
                List.of(legacy, stamped),
                List.of(stamped, legacy).stream()
                        .sorted(LiveSession.OLDEST_FIRST)
                        .toList());
    }
}
