package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionBodyTest {

    @Test
    void readsWhatTheJavaSdkSends() {
        SessionBody body = SessionBody.parse("{\"owner\":\"acme\",\"name\":\"alice\",\"application\":\"web\","
                + "\"createdTime\":\"2026-01-01T00:00:00Z\",\"sessionId\":[\"x\",\"y\"],\"unknown\":1}");
        assertEquals(new SessionPkId("acme", "alice", "web"), body.pkId());
        assertEquals(List.of("x", "y"), body.sessionId());
        assertEquals("2026-01-01T00:00:00Z", body.createdTime());
        assertFalse(body.exclusiveSignin());
    }

    @Test
    void nullIdsAreNoIdsAndExclusiveSigninKeepsItsCapital() {
        SessionBody body = SessionBody.parse("{\"owner\":\"acme\",\"name\":\"a\",\"application\":\"w\","
                + "\"sessionId\":null,\"ExclusiveSignin\":true}");
        assertEquals(List.of(), body.sessionId());
        assertTrue(body.exclusiveSignin());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {
                "{",
                "[]",
                "\"x\"",
                "{\"owner\":1}",
                "{\"sessionId\":\"x\"}",
                "{\"sessionId\":[1]}",
                "{\"ExclusiveSignin\":\"yes\"}"
            })
    void malformedBodiesAreLogicalErrors(String body) {
        CasdoorException e = assertThrows(CasdoorException.class, () -> SessionBody.parse(body));
        assertEquals(SessionBody.MALFORMED, e.getMessage());
    }

    @Test
    void theRecordMustBeNamedCompletely() {
        SessionBody body = SessionBody.parse("{\"owner\":\"acme\",\"name\":\"alice\"}");
        assertThrows(CasdoorException.class, body::pkId);
    }
}
