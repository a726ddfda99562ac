package dev.sessioncontrol.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Http;
import org.junit.jupiter.api.Test;

/** The jar's providers are registered and show the jar's version in the admin console's provider info. */
class ProviderInfoIT extends AbstractKeycloakIT {

    @Test
    void providersShowTheJarVersion() {
        JsonNode providers = Http.get(server().baseUrl() + "/admin/serverinfo", server().adminToken())
                .requireSuccess("server info")
                .json()
                .get("providers");
        String version = System.getProperty("project.version");
        for (String spi : new String[] {"eventsListener", "realm-restapi-extension", "admin-realm-restapi-extension"}) {
            JsonNode info = providers
                    .path(spi)
                    .path("providers")
                    .path("session-control")
                    .path("operationalInfo");
            assertFalse(info.isMissingNode(), spi + " lists session-control: " + providers.path(spi));
            assertEquals(version, info.path("version").asText(), spi);
        }
    }
}
