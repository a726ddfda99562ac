package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CasdoorBoundsTest {

    private static String body(String name, String createdTime, List<String> ids) {
        StringBuilder array = new StringBuilder();
        ids.forEach(id ->
                array.append(array.isEmpty() ? "" : ",").append('"').append(id).append('"'));
        return "{\"owner\":\"acme\",\"name\":\"" + name + "\",\"application\":\"web\",\"createdTime\":\"" + createdTime
                + "\",\"sessionId\":[" + array + "]}";
    }

    private static String refused(String body) {
        return assertThrows(CasdoorException.class, () -> SessionBody.parse(body))
                .getMessage();
    }

    @Test
    void valuesAtTheirBoundsAreAccepted() {
        List<String> ids = IntStream.range(0, CasdoorBounds.MAX_IDS)
                .mapToObj(i -> "i".repeat(250) + i)
                .toList();
        SessionBody parsed = SessionBody.parse(body("n".repeat(255), "t".repeat(100), ids));
        assertEquals(CasdoorBounds.MAX_IDS, parsed.sessionId().size());
        assertEquals(255, parsed.name().length());
    }

    @Test
    void valuesBeyondTheirBoundsNameTheField() {
        assertEquals("name is longer than 255 characters", refused(body("n".repeat(256), "", List.of())));
        assertEquals("createdTime is longer than 100 characters", refused(body("a", "t".repeat(101), List.of())));
        assertEquals(
                "sessionId holds more than 100 ids",
                refused(body(
                        "a", "", IntStream.range(0, 101).mapToObj(i -> "id" + i).toList())));
        assertEquals("sessionId is longer than 255 characters", refused(body("a", "", List.of("i".repeat(256)))));
        assertEquals("name contains control characters", refused(body("a\\u0007b", "", List.of())));
        assertEquals("request body is larger than 65536 characters", refused(" ".repeat(CasdoorBounds.MAX_BODY + 1)));
    }

    @Test
    void sessionPkIdPartsAreBoundedToo() {
        assertEquals(
                "each part of sessionPkId is longer than 255 characters",
                assertThrows(CasdoorException.class, () -> SessionPkId.parse("acme/" + "n".repeat(256) + "/web"))
                        .getMessage());
        assertEquals(
                "sessionPkId is longer than 767 characters",
                assertThrows(CasdoorException.class, () -> SessionPkId.parse("x".repeat(800)))
                        .getMessage());
    }

    @Test
    void unicodeIsNotAControlCharacter() {
        String unicode = "\u00fcml\u00e4ut \u6f22\u5b57";
        assertEquals(unicode, CasdoorBounds.check("name", unicode, 255));
    }
}
