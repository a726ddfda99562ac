package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RegistrationTest {

    private static final RecordKey KEY = new RecordKey("alice", "web");
    private static final String NOW = "2026-08-22T16:53:36+08:00";

    @Test
    void aNewRecordGetsTheServerTime() {
        Registration r = Registration.add(null, KEY, List.of("a", "b", "a"), false, NOW);
        assertEquals(List.of("a", "b"), r.ids());
        assertEquals(NOW, r.createdTime());
    }

    @Test
    void addMergesKeepsOrderAndTheOldTime() {
        Registration existing = new Registration(KEY, "old", List.of("a", "b"), false);
        Registration r = Registration.add(existing, KEY, List.of("b", "c"), false, NOW);
        assertEquals(List.of("a", "b", "c"), r.ids());
        assertEquals("old", r.createdTime());
    }

    @Test
    void addKeepsTheNewestHundred() {
        Registration existing = new Registration(
                KEY, "old", IntStream.range(0, 100).mapToObj(i -> "id" + i).toList(), false);
        Registration r = Registration.add(existing, KEY, List.of("new"), false, NOW);
        assertEquals(CasdoorBounds.MAX_IDS, r.ids().size());
        assertEquals("id1", r.ids().get(0));
        assertEquals("new", r.ids().get(99));
    }

    @Test
    void exclusiveSigninKeepsOnlyTheFirstNewId() {
        Registration existing = new Registration(KEY, "old", List.of("a", "b"), false);
        Registration r = Registration.add(existing, KEY, List.of("c", "d"), true, NOW);
        assertEquals(List.of("c"), r.ids());
        assertTrue(r.exclusiveSignin());
    }

    @Test
    void updateStoresTheTimeExactlyAndLeavesLiveIdsToKeycloak() {
        Registration existing = new Registration(KEY, "old", List.of("a"), false);
        Registration r = Registration.update(
                existing, KEY, "2020-01-01T00:00:00+01:00", List.of("kc1", "a", "b"), false, Set.of("kc1"), NOW);
        assertEquals("2020-01-01T00:00:00+01:00", r.createdTime());
        assertEquals(List.of("a", "b"), r.ids());
    }

    @Test
    void updateWithoutATimeKeepsTheOldOne() {
        Registration existing = new Registration(KEY, "old", List.of("a"), false);
        assertEquals(
                "old",
                Registration.update(existing, KEY, null, List.of("a"), false, Set.of(), NOW)
                        .createdTime());
    }

    @Test
    void sameContentTellsWhetherAnythingChanged() {
        Registration a = new Registration(KEY, "t", List.of("a"), false);
        assertTrue(a.sameContent(Registration.add(a, KEY, List.of("a"), false, NOW)));
        assertFalse(a.sameContent(a.without("a")));
        assertFalse(a.sameContent(null));
    }

    @Test
    void addMergesWithoutDuplicatesInRegistrationOrder() {
        Registration existing = new Registration(KEY, "old", List.of("a", "b", "c"), false);
        Registration r = Registration.add(existing, KEY, List.of("c", "d", "a", "d", "e"), false, NOW);
        assertEquals(List.of("a", "b", "c", "d", "e"), r.ids());
    }
}
