package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DuplicationTest {

    private static CasdoorRecord withIds(String... ids) {
        return new CasdoorRecord("acme", "alice", "web", "t", List.of(ids), false, List.of());
    }

    @Test
    void allFourCases() {
        assertFalse(Duplication.isDuplicated(null, "a"), "no record");
        assertFalse(Duplication.isDuplicated(withIds(), "a"), "empty record");
        assertTrue(Duplication.isDuplicated(withIds("a", "b"), "a"), "more than one id");
        assertFalse(Duplication.isDuplicated(withIds("a"), "a"), "only this id");
        assertTrue(Duplication.isDuplicated(withIds("b"), "a"), "only another id");
    }
}
