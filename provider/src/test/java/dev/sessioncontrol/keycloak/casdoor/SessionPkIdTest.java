package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SessionPkIdTest {

    @Test
    void exactlyThreePartsAreOwnerNameApplication() {
        SessionPkId id = SessionPkId.parse("acme/Alice/web-app");
        assertEquals(new SessionPkId("acme", "Alice", "web-app"), id);
        assertEquals(new RecordKey("alice", "web-app"), id.key());
        assertEquals("acme/Alice/web-app", id.toString());
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(
            strings = {" ", "acme", "acme/alice", "acme/alice/app/extra", "/alice/app", "acme//app", "acme/alice/"})
    void anythingElseIsALogicalError(String value) {
        assertThrows(CasdoorException.class, () -> SessionPkId.parse(value));
    }
}
