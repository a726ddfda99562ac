package dev.sessioncontrol.keycloak.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeycloakCompatibilityTest {

    @Test
    void theSupportedSeriesIsRecognisedWithAnyPatchOrSuffix() {
        assertTrue(KeycloakCompatibility.isSupported("26.7.0"));
        assertTrue(KeycloakCompatibility.isSupported("26.7.3"));
        assertTrue(KeycloakCompatibility.isSupported("26.7.12"));
        assertTrue(KeycloakCompatibility.isSupported("26.7.3.redhat-00001"));
        assertTrue(KeycloakCompatibility.isSupported(" 26.7 "));
    }

    @Test
    void otherSeriesAreNot() {
        assertFalse(KeycloakCompatibility.isSupported("26.5.6"));
        assertFalse(KeycloakCompatibility.isSupported("26.6.0"));
        assertFalse(KeycloakCompatibility.isSupported("26.8.0"));
        assertFalse(KeycloakCompatibility.isSupported("26.70.1"));
        assertFalse(KeycloakCompatibility.isSupported("27.0.0"));
        assertFalse(KeycloakCompatibility.isSupported("999.0.0-SNAPSHOT"));
        assertFalse(KeycloakCompatibility.isSupported(""));
        assertFalse(KeycloakCompatibility.isSupported(null));
    }
}
