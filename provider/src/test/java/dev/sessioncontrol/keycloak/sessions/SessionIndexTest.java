package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SessionIndexTest {

    @Test
    void likePatternsEscapeWildcardsAndTheEscapeCharacter() {
        assertEquals("a!%b!_c!!d", SessionIndex.likeEscape("a%b_c!d"));
    }

    @Test
    void notesAreMatchedAsTheJsonKeycloakWrites() {
        assertEquals("\"Web\"", SessionJson.quoted("Web"));
        assertEquals("\"say \\\"hi\\\"\"", SessionJson.quoted("say \"hi\""));
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

    @Test
    void startBoundsAreTheWholeSecondsStrictlyInside() {
        // startedAfter T: createdOn * 1000 > T; startedBefore T: createdOn * 1000 < T
        assertEquals(5, SessionIndex.secondsAfter(5_000));
        assertEquals(5, SessionIndex.secondsAfter(5_999));
        assertEquals(5, SessionIndex.secondsBefore(5_000));
        assertEquals(6, SessionIndex.secondsBefore(5_001));
        assertEquals(0, SessionIndex.secondsBefore(0));
        assertEquals(Integer.MAX_VALUE, SessionIndex.secondsAfter(Long.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, SessionIndex.secondsBefore(Long.MAX_VALUE));
    }

    @Test
    void aPrefixIsMatchedOnTheAddressTextOnly() {
        Map<String, String> patterns = SessionIndex.addressPatterns(AddressRange.parse("10.7"));
        assertEquals(
                Map.of(
                        "signInIp", "%\"ipAddress\":\"10.7%",
                        "lastIp", "%\"session-control.last-ip\":\"10.7%"),
                patterns);
        assertTrue(matchesAny(patterns, row("10.70.0.1", null, null, null)), "text semantics");
    }

    @Test
    void anIpv6BlockIsMatchedOnTheFixedWidthNotesWhateverTheText() {
        Map<String, String> patterns = SessionIndex.addressPatterns(AddressRange.parse("2001:db8::/32"));
        assertEquals(List.of("signInHex0", "lastHex0"), List.copyOf(patterns.keySet()));
        assertTrue(matchesAny(patterns, stamped("2001:db8::1", null)));
        assertTrue(matchesAny(patterns, stamped("2001:db8:0:0:0:0:0:1", null)));
        assertTrue(matchesAny(patterns, stamped("10.0.0.1", "2001:DB8::7")), "the last address");
        assertFalse(matchesAny(patterns, stamped("2001:db9::1", "10.0.0.1")));
        assertFalse(matchesAny(patterns, row("2001:db8::1", null, null, null)), "not stamped: no IPv6 text match");
    }

    @Test
    void aNonOctetIpv4BlockIsMatchedOnTheNotesOnly() {
        Map<String, String> patterns = SessionIndex.addressPatterns(AddressRange.parse("10.1.16.0/20"));
        assertEquals(List.of("signInHex0", "lastHex0"), List.copyOf(patterns.keySet()));
        assertTrue(matchesAny(patterns, stamped("10.1.16.1", null)));
        assertTrue(matchesAny(patterns, stamped("10.1.31.200", null)));
        assertFalse(matchesAny(patterns, stamped("10.1.32.1", null)));
        Map<String, String> eight = SessionIndex.addressPatterns(AddressRange.parse("10.1.2.0/29"));
        assertEquals(16, eight.size(), "eight values of the last digit, on two notes, and no text");
        assertTrue(matchesAny(eight, stamped("10.1.2.7", null)));
        assertFalse(matchesAny(eight, stamped("10.1.2.8", null)));
    }

    @Test
    void anOctetIpv4BlockAlsoMatchesUnstampedSessionsByText() {
        Map<String, String> patterns = SessionIndex.addressPatterns(AddressRange.parse("10.7.0.0/16"));
        assertTrue(matchesAny(patterns, row("10.7.1.2", null, null, null)), "a session from before the notes");
        assertTrue(matchesAny(patterns, row("192.0.2.1", "10.7.1.2", null, null)));
        assertFalse(matchesAny(patterns, row("10.70.1.2", null, null, null)));
        assertTrue(matchesAny(patterns, stamped("10.7.1.2", null)));
        assertFalse(matchesAny(patterns, stamped("10.70.1.2", null)));
        Map<String, String> one = SessionIndex.addressPatterns(AddressRange.parse("10.7.1.2/32"));
        assertTrue(matchesAny(one, row("10.7.1.2", null, null, null)));
        assertFalse(matchesAny(one, row("10.7.1.23", null, null, null)), "the whole address");
    }

    /** A session row's JSON as Keycloak writes it, with the extension's notes when given. */
    private static String row(String ip, String lastIp, String ipHex, String lastIpHex) {
        StringBuilder notes = new StringBuilder("\"session-control.device-type\":\"Web\"");
        if (lastIp != null) {
            notes.append(",\"session-control.last-ip\":").append(SessionJson.quoted(lastIp));
        }
        if (ipHex != null) {
            notes.append(",\"session-control.ip-hex\":\"").append(ipHex).append('"');
        }
        if (lastIpHex != null) {
            notes.append(",\"session-control.last-ip-hex\":\"")
                    .append(lastIpHex)
                    .append('"');
        }
        return "{\"brokerSessionId\":null,\"ipAddress\":" + SessionJson.quoted(ip)
                + ",\"authMethod\":\"openid-connect\",\"rememberMe\":false,\"notes\":{" + notes
                + "},\"state\":\"LOGGED_IN\"}";
    }

    private static String stamped(String ip, String lastIp) {
        return row(ip, lastIp, AddressRange.hex(ip), lastIp == null ? null : AddressRange.hex(lastIp));
    }

    private static boolean matchesAny(Map<String, String> patterns, String data) {
        return patterns.values().stream().anyMatch(p -> like(p).matcher(data).matches());
    }

    /** SQL {@code LIKE ... ESCAPE '!'} as a regular expression. */
    private static Pattern like(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '!') {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
