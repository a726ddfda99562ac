package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SessionIndexTest {

    @Test
    void likePatternsEscapeWildcardsAndTheEscapeCharacter() {
        assertEquals("a!%b!_c!!d", SessionIndex.likeEscape("a%b_c!d"));
    }

    @Test
    void notesAreMatchedAsTheJsonKeycloakWrites() {
        assertEquals("\"Web\"", SessionIndex.jsonString("Web"));
        assertEquals("\"say \\\"hi\\\"\"", SessionIndex.jsonString("say \"hi\""));
    }

    @Test
    void theSignInInstantIsTheMillisecondNoteElseKeycloaksStartSecond() {
        assertEquals(1_700_000_000_123L, SessionIndex.signedInMillis("1700000000123", 1_700_000_000));
        assertEquals(
                1_700_000_000_000L,
                SessionIndex.signedInMillis(null, 1_700_000_000),
                "a session from before the extension");
        assertEquals(
                1_700_000_000_000L,
                SessionIndex.signedInMillis("yesterday", 1_700_000_000),
                "a note that is not a number");
    }
}
