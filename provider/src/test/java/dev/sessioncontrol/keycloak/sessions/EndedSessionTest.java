package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EndedSessionTest {

    private static final Map<String, String> NAMES = Map.of("web", "Web shop");

    private static EndedSession item(EndedSession.StoredLogout event, Locale locale) {
        return EndedSession.of(event, id -> "u1".equals(id) ? "alice" : null, NAMES::get, locale);
    }

    private static Map<String, String> ours() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("reason", "revoked-by-admin");
        details.put("session_type", "OFFLINE");
        details.put("username", "alice-then");
        details.put("started", "1700000000123");
        details.put("device_type", "Mobile");
        details.put("device", EndingDetails.device("Android", "14", "Chrome Mobile/131.0.0", "Pixel 8", true));
        details.put("sign_in_ip", "203.0.113.7");
        details.put("sign_in_place", new Place("DE", Map.of("en", "Munich", "de", "München"), 48.1, 11.6).note());
        details.put("last_ip", "198.51.100.2");
        details.put("clients", "web,api");
        return details;
    }

    @Test
    void anEndingOfThisExtensionGivesEveryField() {
        EndedSession item = item(
                new EndedSession.StoredLogout(1700000999000L, "u1", "sid-1", "10.0.0.9", "admin-cli", ours()),
                Locale.GERMAN);

        assertEquals("sid-1", item.sessionId());
        assertEquals(SessionType.OFFLINE, item.type());
        assertEquals("u1", item.userId());
        assertEquals("alice", item.username(), "the user's name now");
        assertEquals(1700000999000L, item.ended());
        assertEquals("revoked-by-admin", item.reason());
        assertEquals("Mobile", item.deviceType());
        assertEquals(new SessionView.Device("Android", "14", "Chrome Mobile/131.0.0", "Pixel 8", true), item.device());
        assertEquals("203.0.113.7", item.ipAddress(), "the session's address, not the admin's");
        assertEquals(new SessionView.Location("DE", "Deutschland", "München"), item.location());
        assertEquals(
                List.of(new SessionView.ClientRef("web", "Web shop"), new SessionView.ClientRef("api", "api")),
                item.clients());
        assertEquals(1700000000123L, item.started());
    }

    @Test
    void aRemovedUserKeepsTheRecordedUsername() {
        EndedSession item =
                item(new EndedSession.StoredLogout(1L, "gone", "sid-2", null, null, ours()), Locale.ENGLISH);
        assertEquals("alice-then", item.username());
        assertEquals(new SessionView.Location("DE", "Germany", "Munich"), item.location());
    }

    @Test
    void keycloaksOwnSignOutHasNoReasonAndTheEventsAddressAndClient() {
        EndedSession item =
                item(new EndedSession.StoredLogout(5L, "u1", "sid-3", "192.0.2.4", "web", Map.of()), Locale.ENGLISH);

        assertNull(item.reason());
        assertNull(item.type());
        assertNull(item.deviceType());
        assertNull(item.device());
        assertNull(item.location());
        assertNull(item.started());
        assertEquals("192.0.2.4", item.ipAddress());
        assertEquals(List.of(new SessionView.ClientRef("web", "Web shop")), item.clients());
    }

    @Test
    void aReasonThisExtensionDoesNotKnowIsNoReason() {
        EndedSession item = item(
                new EndedSession.StoredLogout(5L, "u1", "sid-4", "192.0.2.4", null, Map.of("reason", "expired")),
                Locale.ENGLISH);
        assertNull(item.reason());
        assertTrue(item.clients().isEmpty());
    }

    @Test
    void theDeviceDetailRoundTripsAndRefusesOtherText() {
        String text = EndingDetails.device("Windows", "10", "Chrome/131.0.0", "Other", false);
        assertEquals("Windows|10|Chrome/131.0.0|Other|", text);
        assertEquals(
                new SessionView.Device("Windows", "10", "Chrome/131.0.0", "Other", false), EndingDetails.device(text));
        assertEquals(
                new SessionView.Device("A B", null, null, null, false),
                EndingDetails.device(EndingDetails.device("A|B", null, null, null, false)));
        assertNull(EndingDetails.device("Windows 10"));
        assertNull(EndingDetails.device(null));
    }

    @Test
    void clientIdsAreSplitAndBlanksDropped() {
        assertEquals(List.of("a", "b"), EndingDetails.clientIds("a, ,b"));
        assertTrue(EndingDetails.clientIds("").isEmpty());
        assertFalse(EndingDetails.clientIds("x").isEmpty());
    }

    @Test
    void reasonsParseByTheirValue() {
        assertEquals(EndReason.SSO_LOGOUT, EndReason.parse("sso-logout").orElseThrow());
        assertTrue(EndReason.parse("SSO_LOGOUT").isEmpty());
        assertTrue(EndReason.parse(null).isEmpty());
    }
}
