package dev.sessioncontrol.keycloak.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionsTest {

    private final MapStore store = new MapStore();

    @Test
    void admittedSignInsArePendingUntilReleasedOrExpired() {
        String key = Admissions.key("r", "u", "Mobile");
        Admissions.admit(store, key, "a", 1000);
        Admissions.admit(store, key, "b", 2000);
        assertEquals(List.of("a", "b"), Admissions.pending(store, key, 3000));
        Admissions.release(store, key, "a", 3000);
        assertEquals(List.of("b"), Admissions.pending(store, key, 3000));
        assertEquals(List.of(), Admissions.pending(store, key, 2000 + Admissions.LIFETIME_MILLIS), "expired");
        Admissions.release(store, key, "b", 4000);
        assertTrue(store.map.isEmpty(), "the last release removes the entry");
        Admissions.release(store, key, "never", 4000);
    }

    @Test
    void scopesAreApart() {
        assertTrue(!Admissions.key("r", "u", "Web").equals(Admissions.key("r", "u", null)));
        assertTrue(!Admissions.key("r", "u", "Web").equals(Admissions.key("r", "u", "Mobile")));
    }

    @Test
    void entriesRoundTripAndJunkIsSkipped() {
        assertEquals(Map.of("x", 5000L), Admissions.decode(Admissions.encode(Map.of("x", 5000L)), 0));
        assertEquals(Map.of("y", 9000L), Admissions.decode("junk,x@notanumber,y@9000,z@10", 100));
    }
}
