package dev.sessioncontrol.keycloak.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.WebApplicationException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentRequestTest {

    private static String error(String body) {
        WebApplicationException e = assertThrows(WebApplicationException.class, () -> IncidentRequest.parse(body));
        assertEquals(400, e.getResponse().getStatus());
        return (String) ((Map<?, ?>) e.getResponse().getEntity()).get("error");
    }

    @Test
    void noBodyOrAnEmptyObjectAsksForEverything() {
        assertEquals(new IncidentRequest(true, true), IncidentRequest.parse(null));
        assertEquals(new IncidentRequest(true, true), IncidentRequest.parse(""));
        assertEquals(new IncidentRequest(true, true), IncidentRequest.parse("  \n"));
        assertEquals(new IncidentRequest(true, true), IncidentRequest.parse("{}"));
    }

    @Test
    void eachFieldMayBeTurnedOffAlone() {
        assertEquals(new IncidentRequest(false, true), IncidentRequest.parse("{\"requirePasswordUpdate\":false}"));
        assertEquals(new IncidentRequest(true, false), IncidentRequest.parse("{\"notifyUser\":false}"));
        assertEquals(
                new IncidentRequest(false, false),
                IncidentRequest.parse("{\"requirePasswordUpdate\":false,\"notifyUser\":false}"));
        assertEquals(
                new IncidentRequest(true, true),
                IncidentRequest.parse("{\"requirePasswordUpdate\":true,\"notifyUser\":true}"));
    }

    @Test
    void anUnknownFieldIsNamed() {
        assertEquals(
                "unknown field 'notify'; use requirePasswordUpdate, notifyUser",
                error("{\"notifyUser\":true,\"notify\":false}"));
    }

    @Test
    void onlyBooleansAreBooleans() {
        assertEquals("notifyUser must be true or false", error("{\"notifyUser\":\"false\"}"));
        assertEquals("requirePasswordUpdate must be true or false", error("{\"requirePasswordUpdate\":0}"));
        assertEquals("requirePasswordUpdate must be true or false", error("{\"requirePasswordUpdate\":null}"));
        assertEquals("notifyUser must be true or false", error("{\"notifyUser\":[true]}"));
    }

    @Test
    void malformedJsonOrNoObjectIsRefused() {
        assertTrue(error("{\"notifyUser\":").startsWith("malformed JSON"));
        assertTrue(error("{\"notifyUser\":true} {}").startsWith("malformed JSON"));
        assertTrue(error("not json").startsWith("malformed JSON"));
        assertEquals("a JSON object is required", error("[]"));
        assertEquals("a JSON object is required", error("true"));
        assertEquals("a JSON object is required", error("null"));
    }
}
