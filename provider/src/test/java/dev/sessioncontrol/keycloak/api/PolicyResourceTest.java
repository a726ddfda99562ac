package dev.sessioncontrol.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessioncontrol.keycloak.config.ConcurrentLoginMode;
import dev.sessioncontrol.keycloak.config.LimitAction;
import dev.sessioncontrol.keycloak.config.PolicySettings;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Test;

class PolicyResourceTest {

    private static final PolicySettings DEFAULTS = new PolicySettings(ConcurrentLoginMode.Disabled, 1,
            LimitAction.TerminateOldest, "vip", false, 5, false);

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }

    private static String error(String body) {
        WebApplicationException e = assertThrows(WebApplicationException.class,
                () -> PolicyResource.merge(DEFAULTS, json(body)));
        assertEquals(400, e.getResponse().getStatus());
        return (String) ((Map<?, ?>) e.getResponse().getEntity()).get("error");
    }

    @Test
    void missingFieldsKeepTheirValues() throws Exception {
        PolicySettings merged = PolicyResource.merge(DEFAULTS,
                json("{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":2}"));
        assertEquals(ConcurrentLoginMode.LogoutFromSameTypeDevices, merged.mode());
        assertEquals(2, merged.maxSessionsPerDeviceType());
        assertEquals("vip", merged.exemptRole());
    }

    @Test
    void nullExemptRoleClearsIt() throws Exception {
        assertNull(PolicyResource.merge(DEFAULTS, json("{\"exemptRole\":null}")).exemptRole());
    }

    @Test
    void unknownModeNamesTheAllowedValues() {
        assertEquals("unknown mode 'Sometimes'; use Disabled, LogoutFromSameTypeDevices or LogoutFromAllDevices",
                error("{\"mode\":\"Sometimes\"}"));
    }

    @Test
    void unknownActionNamesTheAllowedValues() {
        assertEquals("unknown action 'Kill'; use TerminateOldest or DenyNew", error("{\"action\":\"Kill\"}"));
    }

    @Test
    void badNumbersAndBooleansAreRefused() {
        assertEquals("maxSessionsPerDeviceType must be a whole number from 1 to 10000",
                error("{\"maxSessionsPerDeviceType\":0}"));
        error("{\"maxSessionsPerDeviceType\":\"2\"}");
        error("{\"excessiveSessionThreshold\":1.5}");
        error("{\"newSignInEmail\":\"yes\"}");
    }
}
