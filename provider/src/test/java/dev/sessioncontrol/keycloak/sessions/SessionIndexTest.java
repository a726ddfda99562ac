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
}
