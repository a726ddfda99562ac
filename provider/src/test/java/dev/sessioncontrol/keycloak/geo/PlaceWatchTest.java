package dev.sessioncontrol.keycloak.geo;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.keycloak.sessions.Place;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceWatchTest {

    private static final Place BERLIN = new Place("DE", Map.of(), 52.52, 13.40);
    private static final Place HAMBURG = new Place("DE", Map.of(), 53.55, 10.0);
    private static final long T = 1_800_000_000_000L;

    private static KnownPlaceEntity row(Place place, long lastSeen) {
        KnownPlaceEntity row = new KnownPlaceEntity();
        row.setCountry(place.countryCode());
        row.setPlace(place.note());
        row.setSeen(lastSeen);
        row.setLastSeen(lastSeen);
        return row;
    }

    @Test
    void theSamePlaceSoonAfterTheLastSignInLeavesTheRow() {
        KnownPlaceEntity berlin = row(BERLIN, T);
        assertTrue(PlaceWatch.seenJustNow(berlin, berlin, BERLIN, T + 60_000));
    }

    @Test
    void theRowIsUpdatedAfterTheWindow() {
        KnownPlaceEntity berlin = row(BERLIN, T);
        assertFalse(PlaceWatch.seenJustNow(berlin, berlin, BERLIN, T + PlaceWatch.SEEN_AGAIN_MILLIS));
    }

    @Test
    void anotherCityOfTheCountryIsWritten() {
        KnownPlaceEntity berlin = row(BERLIN, T);
        assertFalse(PlaceWatch.seenJustNow(berlin, berlin, HAMBURG, T + 1000));
    }

    @Test
    void aRowThatIsNotTheLastSignInIsWritten() {
        KnownPlaceEntity berlin = row(BERLIN, T);
        KnownPlaceEntity paris = row(new Place("FR", Map.of(), 48.86, 2.35), T + 1000);
        assertFalse(PlaceWatch.seenJustNow(berlin, paris, BERLIN, T + 2000), "the order of the rows must follow");
    }

    @Test
    void aClockGoneBackIsWritten() {
        KnownPlaceEntity berlin = row(BERLIN, T);
        assertFalse(PlaceWatch.seenJustNow(berlin, berlin, BERLIN, T - 1000));
    }
}
