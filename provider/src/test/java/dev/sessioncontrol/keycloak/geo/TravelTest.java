package dev.sessioncontrol.keycloak.geo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.keycloak.sessions.Place;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TravelTest {

    private static final Place BERLIN = new Place("DE", Map.of(), 52.52, 13.40);
    private static final Place HAMBURG = new Place("DE", Map.of(), 53.55, 10.0);
    private static final Place SYDNEY = new Place("AU", Map.of(), -33.87, 151.21);
    private static final long HOUR = 3_600_000L;
    private static final long T = 1_800_000_000_000L;

    @Test
    void farAndFastIsImpossible() {
        assertTrue(Travel.impossible(BERLIN, T, SYDNEY, T + HOUR, 1000));
        assertTrue(Travel.impossible(BERLIN, T, SYDNEY, T, 1000), "at the same instant");
    }

    @Test
    void farButSlowEnoughIsPossible() {
        assertFalse(Travel.impossible(BERLIN, T, SYDNEY, T + 17 * HOUR, 1000), "16,000 km in 17 h");
    }

    @Test
    void nearIsNeverFlagged() {
        assertFalse(Travel.impossible(BERLIN, T, HAMBURG, T + 1000, 1000), "255 km: within a database's error");
    }

    @Test
    void aPreviousSignInOlderThanADayIsNotCompared() {
        assertFalse(Travel.impossible(BERLIN, T, SYDNEY, T + 24 * HOUR, 100));
    }

    @Test
    void zeroTurnsItOffAndUnknownCoordinatesNeverFlag() {
        assertFalse(Travel.impossible(BERLIN, T, SYDNEY, T + HOUR, 0));
        assertFalse(Travel.impossible(new Place("DE", Map.of(), null, null), T, SYDNEY, T + HOUR, 1000));
        assertFalse(Travel.impossible(null, T, SYDNEY, T + HOUR, 1000));
    }
}
