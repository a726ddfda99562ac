package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class PageCursorTest {

    @Test
    void readsBackWhatItWrote() {
        PageCursor cursor = new PageCursor(SessionSort.STARTED_DESC, 1_796_084_769, "a:b-c_d", true);
        assertEquals(cursor, PageCursor.parse(cursor.text(), SessionSort.STARTED_DESC));
        assertTrue(cursor.text().matches("[A-Za-z0-9_-]+"), "safe in a query string as it is");
    }

    @Test
    void aCursorOfAnotherOrderIsRefused() {
        String text = new PageCursor(SessionSort.LAST_ACCESS_ASC, 5, "id", false).text();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> PageCursor.parse(text, SessionSort.STARTED_DESC));
        assertTrue(e.getMessage().contains("lastAccess"), e.getMessage());
    }

    @Test
    void anythingElseIsRefused() {
        for (String bad : new String[] {
            "",
            "not base64!",
            encoded("2:-started:1:0:id"),
            encoded("1:-started:x:0:id"),
            encoded("1:-started:1:2:id"),
            encoded("1:-started:1:0:"),
            encoded("1:-started:1:0"),
            "A".repeat(1000)
        }) {
            assertThrows(IllegalArgumentException.class, () -> PageCursor.parse(bad, SessionSort.STARTED_DESC), bad);
        }
    }

    private static String encoded(String plain) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
    }
}
