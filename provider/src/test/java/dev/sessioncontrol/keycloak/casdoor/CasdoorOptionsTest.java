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
        assertTrue(options.allowQueryCredentials());
    }

    @Test
    void optionsAreReadByTheirNames() {
        CasdoorOptions options = CasdoorOptions.from(scope(Map.of("maxListedSessions", "50",
                "allowQueryCredentials", "false")));
        assertEquals(new CasdoorOptions(50, false), options);
        assertEquals(Map.of("maxListedSessions", "50", "allowQueryCredentials", "false"), options.operationalInfo());
    }

    @Test
    void countsAreAtLeastOne() {
        assertEquals(new CasdoorOptions(1, true), CasdoorOptions.from(scope(Map.of("maxListedSessions", "0"))));
    }

    @Test
    void everyOptionIsDeclaredForTheProviderInfo() {
        Set<String> declared = new HashSet<>();
        CasdoorOptions.metadata().forEach(property -> declared.add(property.getName()));
        assertEquals(CasdoorOptions.DEFAULTS.operationalInfo().keySet(), declared);
    }
}
