package dev.sessioncontrol.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import jakarta.ws.rs.WebApplicationException;
import java.util.List;
import org.junit.jupiter.api.Test;

class QueryParamsTest {

    @Test
    void pagingDefaultsAndCap() {
        assertEquals(0, QueryParams.first(null));
        assertEquals(QueryParams.DEFAULT_PAGE_SIZE, QueryParams.max(""));
        assertEquals(SessionService.MAX_PAGE_SIZE, QueryParams.max("100000"));
        assertEquals(7, QueryParams.first(" 7 "));
    }

    @Test
    void junkAndNegativeNumbersAreBadRequests() {
        assertEquals(400, status(() -> QueryParams.first("-1")));
        assertEquals(400, status(() -> QueryParams.max("ten")));
        assertEquals(400, status(() -> QueryParams.max("99999999999")));
    }

    @Test
    void reasonsAreTheKnownOnes() {
        assertEquals(EndReason.REVOKE_MATCHING, QueryParams.reason(" revoke-matching "));
        assertNull(QueryParams.reason(" "));
        WebApplicationException unknown =
                assertThrows(WebApplicationException.class, () -> QueryParams.reason("REVOKED_BY_ADMIN"));
        assertEquals(400, unknown.getResponse().getStatus());
        assertTrue(unknown.getMessage().contains("revoked-by-admin, "), unknown.getMessage());
    }

    @Test
    void countriesAreIsoCodesOnly() {
        assertEquals("DE", QueryParams.country(" de "));
        assertNull(QueryParams.country(" "));
        assertEquals(400, status(() -> QueryParams.country("Germany")));
        assertEquals(400, status(() -> QueryParams.country("D")));
        assertEquals(400, status(() -> QueryParams.country("D1")));
        assertEquals(400, status(() -> QueryParams.country("ÄÖ")));
    }

    @Test
    void sessionIdsAndAddressesAreChecked() {
        assertEquals("2EsgJFBWkkqCdgU_b7Lviu3b", QueryParams.sessionId("2EsgJFBWkkqCdgU_b7Lviu3b"));
        assertEquals(400, status(() -> QueryParams.sessionId("a b")));
        assertEquals(400, status(() -> QueryParams.sessionId("x".repeat(129))));
        assertEquals("10.0.", QueryParams.address(" 10.0. ").prefix());
        assertNull(QueryParams.address(""));
        assertEquals(400, status(() -> QueryParams.address("10.0.0.1' or 1=1")));
    }

    @Test
    void cidrBlocksAreParsedAndMalformedOnesNameTheParameter() {
        assertTrue(QueryParams.address("203.0.113.0/24").block());
        assertTrue(QueryParams.address(" 2001:db8::/32 ").block());
        for (String bad : List.of("10.0.0.0/33", "300.1.2.3/8", "2001:db8::/129", "abc/8", "10.0.0.0/x")) {
            WebApplicationException e =
                    assertThrows(WebApplicationException.class, () -> QueryParams.address(bad), bad);
            assertEquals(400, e.getResponse().getStatus());
            assertTrue(e.getMessage().startsWith("malformed ip: "), e.getMessage());
        }
    }

    @Test
    void startBoundsAreNonNegativeEpochMilliseconds() {
        assertNull(QueryParams.epochMillis("startedAfter", " "));
        assertEquals(1_700_000_000_123L, QueryParams.epochMillis("startedAfter", " 1700000000123 "));
        assertEquals(0L, QueryParams.epochMillis("startedBefore", "0"));
        for (String bad : List.of("-1", "yesterday", "1.5", "1e12", "99999999999999999999", "2026-01-01")) {
            WebApplicationException e = assertThrows(
                    WebApplicationException.class, () -> QueryParams.epochMillis("startedBefore", bad), bad);
            assertEquals(400, e.getResponse().getStatus());
            assertTrue(e.getMessage().startsWith("startedBefore "), e.getMessage());
        }
    }

    @Test
    void pathIdsWithControlCharactersNeverReachTheDatabase() {
        assertTrue(QueryParams.wellFormedId("0f5c1e9a-user", 36));
        assertFalse(QueryParams.wellFormedId("a\u0000b", 36), "PostgreSQL refuses a NUL in any string");
        assertFalse(QueryParams.wellFormedId("a\u001fb", 36));
        assertFalse(QueryParams.wellFormedId("x".repeat(37), 36));
        assertFalse(QueryParams.wellFormedId("", 36));
        assertTrue(QueryParams.wellFormedId("\u00fcser", 36), "unicode is fine");
        assertEquals(400, status(() -> QueryParams.deviceType("Mo\u0000bile")));
    }

    @Test
    void unknownSortNamesTheAllowedValues() {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> QueryParams.sort("name"));
        assertEquals(400, e.getResponse().getStatus());
        assertEquals("unknown sort 'name'; use started, -started, lastAccess or -lastAccess", e.getMessage());
    }

    private static int status(Runnable call) {
        return assertThrows(WebApplicationException.class, call::run)
                .getResponse()
                .getStatus();
    }
}
