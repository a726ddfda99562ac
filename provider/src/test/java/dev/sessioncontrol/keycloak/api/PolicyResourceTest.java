package dev.sessioncontrol.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessioncontrol.keycloak.config.ConcurrentLoginMode;
import dev.sessioncontrol.keycloak.config.LimitAction;
import dev.sessioncontrol.keycloak.config.PolicySettings;
import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyResourceTest {

    private static final PolicySettings DEFAULTS = new PolicySettings(
            ConcurrentLoginMode.Disabled, 1, LimitAction.TerminateOldest, "vip", false, 5, false, 1000);

    private static String error(String body) {
        WebApplicationException e =
                assertThrows(WebApplicationException.class, () -> PolicyResource.merge(DEFAULTS, body));
        assertEquals(400, e.getResponse().getStatus());
        return (String) ((Map<?, ?>) e.getResponse().getEntity()).get("error");
    }

    @Test
    void missingFieldsKeepTheirValues() {
        PolicySettings merged = PolicyResource.merge(
                DEFAULTS, "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":2}");
        assertEquals(ConcurrentLoginMode.LogoutFromSameTypeDevices, merged.mode());
        assertEquals(2, merged.maxSessionsPerDeviceType());
        assertEquals("vip", merged.exemptRole());
    }

    @Test
    void nullExemptRoleClearsIt() {
        assertNull(PolicyResource.merge(DEFAULTS, "{\"exemptRole\":null}").exemptRole());
    }

    @Test
    void unknownModeNamesTheAllowedValues() {
        assertEquals(
                "unknown mode 'Sometimes'; use Disabled, LogoutFromSameTypeDevices or LogoutFromAllDevices",
                error("{\"mode\":\"Sometimes\"}"));
    }

    @Test
    void unknownActionNamesTheAllowedValues() {
        assertEquals("unknown action 'Kill'; use TerminateOldest or DenyNew", error("{\"action\":\"Kill\"}"));
    }

    @Test
    void badNumbersAndBooleansAreRefused() {
        assertEquals(
                "maxSessionsPerDeviceType must be a whole number from 1 to 10000",
                error("{\"maxSessionsPerDeviceType\":0}"));
        error("{\"maxSessionsPerDeviceType\":\"2\"}");
        error("{\"excessiveSessionThreshold\":1.5}");
        error("{\"newSignInEmail\":\"yes\"}");
    }

    @Test
    void wrongTypesNameTheField() {
        assertEquals(
                "maxSessionsPerDeviceType must be a whole number from 1 to 10000",
                error("{\"maxSessionsPerDeviceType\":\"2\"}"));
        assertEquals(
                "excessiveSessionThreshold must be a whole number from 1 to 10000",
                error("{\"excessiveSessionThreshold\":1.5}"));
        assertEquals("newSignInEmail must be true or false", error("{\"newSignInEmail\":1}"));
        assertEquals("deviceTypeFromUserAgent must be true or false", error("{\"deviceTypeFromUserAgent\":null}"));
        assertEquals("exemptRole must be a string or null", error("{\"exemptRole\":[\"vip\"]}"));
        assertEquals(
                "mode must be a string, one of Disabled, LogoutFromSameTypeDevices or LogoutFromAllDevices",
                error("{\"mode\":2}"));
        assertEquals(
                "maxSessionsPerDeviceType must be a whole number from 1 to 10000",
                error("{\"maxSessionsPerDeviceType\":99999999999}"));
    }

    @Test
    void unknownFieldsAndNonObjectsAreRefused() {
        assertEquals(
                "unknown field 'maxSessions'; use mode, maxSessionsPerDeviceType, action, exemptRole,"
                        + " deviceTypeFromUserAgent, excessiveSessionThreshold, newSignInEmail, impossibleTravelKmh",
                error("{\"maxSessions\":2}"));
        assertEquals("a JSON object is required", error("[1]"));
        assertEquals("a JSON object is required", error(" "));
        assertEquals("a JSON object is required", error("null"));
        error("{\"mode\":\"Disabled\"} trailing");
    }

    @Test
    void aBlankExemptRoleIsNoneAndALongOneIsRefused() {
        assertNull(PolicyResource.merge(DEFAULTS, "{\"exemptRole\":\"  \"}").exemptRole());
        assertEquals(
                "vip",
                PolicyResource.merge(DEFAULTS, "{\"exemptRole\":\" vip \"}").exemptRole());
        assertEquals(
                "exemptRole must be a realm role name or null", error("{\"exemptRole\":\"" + "r".repeat(256) + "\"}"));
    }
}
