package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceTest {

    private static final Place MUNICH = new Place("de", Map.of("en", "Munich", "de", "München"), 48.137, 11.575);

    @Test
    void theNoteRoundTripsWithCoarseCoordinates() {
        String note = MUNICH.note();
        assertTrue(note.startsWith("DE|"), note);
        Place back = Place.ofNote(note);
        assertEquals("DE", back.countryCode());
        assertEquals(48.1, back.latitude());
        assertEquals(11.6, back.longitude());
        assertEquals(Map.of("en", "Munich", "de", "München"), back.cityNames());
    }

    @Test
    void namesFromADatabaseCannotBreakTheNote() {
        Place odd = new Place("FR", Map.of("en", "A|B;C=D"), null, null);
        Place back = Place.ofNote(odd.note());
        assertEquals("A B C D", back.cityNames().get("en"));
        assertNull(back.latitude());
        assertFalse(back.hasCoordinates());
    }

    @Test
    void unreadableNotesAreNoPlace() {
        assertNull(Place.ofNote(null));
        assertNull(Place.ofNote(""));
        assertNull(Place.ofNote("Germany|1|2|"));
        assertNull(Place.ofNote("DE|1|2"));
        assertNull(Place.ofNote("D1|1|2|"));
    }

    @Test
    void namedInTheCallersLanguageElseEnglish() {
        assertEquals(new SessionView.Location("DE", "Deutschland", "München"), MUNICH.location(Locale.GERMAN));
        assertEquals(new SessionView.Location("DE", "Germany", "Munich"), MUNICH.location(Locale.ENGLISH));
        assertEquals("Munich", MUNICH.location(Locale.JAPANESE).city());
        assertEquals("Allemagne", MUNICH.location(Locale.FRENCH).country());
        Place countryOnly = new Place("AU", Map.of(), null, null);
        assertNull(countryOnly.location(Locale.ENGLISH).city());
        assertEquals("Australia", countryOnly.location(Locale.ENGLISH).country());
    }

    @Test
    void distanceIsTheGreatCircle() {
        Place berlin = new Place("DE", Map.of(), 52.52, 13.40);
        Place sydney = new Place("AU", Map.of(), -33.87, 151.21);
        assertEquals(16_000, berlin.kilometresTo(sydney), 100);
        assertEquals(0, berlin.kilometresTo(berlin), 0.001);
        assertEquals(505, berlin.kilometresTo(MUNICH), 10);
    }

    @Test
    void countryCodesAreTwoAsciiLetters() {
        assertTrue(Place.isCountryCode("DE"));
        assertFalse(Place.isCountryCode("D"));
        assertFalse(Place.isCountryCode("DEU"));
        assertFalse(Place.isCountryCode("Ä1"));
        assertFalse(Place.isCountryCode(null));
    }
}
