package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SessionSortTest {

    @Test
    void parsesWireNamesAndDefaultsToNewestFirst() {
        assertEquals(SessionSort.STARTED_DESC, SessionSort.parse(null).orElseThrow());
        assertEquals(SessionSort.STARTED_DESC, SessionSort.parse(" ").orElseThrow());
        assertEquals(SessionSort.STARTED_ASC, SessionSort.parse("started").orElseThrow());
        assertEquals(
                SessionSort.LAST_ACCESS_DESC, SessionSort.parse("-lastAccess").orElseThrow());
    }

    @Test
    void unknownSortIsRejected() {
        assertTrue(SessionSort.parse("username").isEmpty());
        assertTrue(SessionSort.parse("-Started").isEmpty());
    }
}
