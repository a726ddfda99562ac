package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SessionViewTest {

    @Test
    void masksAllButTheLastEightCharacters() {
        assertEquals("\u2026b7Lviu3b", SessionView.mask("2EsgJFBWkkqCdgU_b7Lviu3b"));
        assertEquals("\u2026short", SessionView.mask("short"));
        assertNull(SessionView.mask(null));
    }
}
