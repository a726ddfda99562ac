package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keycloak.Config;

class CasdoorOptionsTest {

    /** A provider's scope as Keycloak hands it over: raw strings by key. */
    private static Config.Scope scope(Map<String, String> values) {
        return new Config.AbstractScope() {
            @Override
            public String get(String key) {
                return values.get(key);
            }

            @Override
            public Config.Scope scope(String... scope) {
                throw new UnsupportedOperationException();
            }

            @Override
            @SuppressWarnings("deprecation")
            public Set<String> getPropertyNames() {
                return values.keySet();
            }

            @Override
            public Config.Scope root() {
                throw new UnsupportedOperationException();
            }
        };
    }

    @Test
    void withoutOptionsTheDocumentedDefaults() {
        CasdoorOptions options = CasdoorOptions.from(scope(Map.of()));
        assertEquals(CasdoorOptions.DEFAULTS, options);
        assertEquals(10_000, options.maxListedSessions());
        assertEquals(10_000, options.maxRecordsPerApplication());
        assertEquals(86_400, options.unknownNameRecordSeconds());
        assertEquals(3_600, options.cleanupIntervalSeconds());
        assertTrue(options.allowQueryCredentials());
    }

    @Test
    void optionsAreReadByTheirNames() {
        CasdoorOptions options = CasdoorOptions.from(scope(Map.of(
                "maxListedSessions",
                "50",
                "maxRecordsPerApplication",
                "3",
                "unknownNameRecordSeconds",
                "1",
                "cleanupIntervalSeconds",
                "2",
                "allowQueryCredentials",
                "false")));
        assertEquals(new CasdoorOptions(50, 3, 1, 2, false), options);
        assertEquals(
                Map.of(
                        "maxListedSessions",
                        "50",
                        "maxRecordsPerApplication",
                        "3",
                        "unknownNameRecordSeconds",
                        "1",
                        "cleanupIntervalSeconds",
                        "2",
                        "allowQueryCredentials",
                        "false"),
                options.operationalInfo());
    }

    @Test
    void countsAndTimesAreAtLeastOne() {
        CasdoorOptions options = CasdoorOptions.from(scope(Map.of(
                "maxListedSessions",
                "0",
                "maxRecordsPerApplication",
                "-5",
                "unknownNameRecordSeconds",
                "0",
                "cleanupIntervalSeconds",
                "-1")));
        assertEquals(new CasdoorOptions(1, 1, 1, 1, true), options);
    }

    @Test
    void everyOptionIsDeclaredForTheProviderInfo() {
        Set<String> declared = new HashSet<>();
        CasdoorOptions.metadata().forEach(property -> declared.add(property.getName()));
        assertEquals(CasdoorOptions.DEFAULTS.operationalInfo().keySet(), declared);
    }

    @Test
    void lockStripesAreTheSameForOneRecordAndSpreadOverAll() {
        RecordKey key = RecordKey.of("Alice", "web");
        int stripe = RegisteredSessionStore.stripe("realm-1", key);
        assertEquals(stripe, RegisteredSessionStore.stripe("realm-1", RecordKey.of("alice", "web")));
        Set<Integer> used = new HashSet<>();
        for (int i = 0; i < 2_000; i++) {
            int s = RegisteredSessionStore.stripe("realm-1", RecordKey.of("user-" + i, "web"));
            assertTrue(s >= 0 && s < RegisteredSessionStore.LOCK_STRIPES, "stripe " + s);
            used.add(s);
        }
        assertEquals(RegisteredSessionStore.LOCK_STRIPES, used.size(), "every stripe is used");
    }
}
