package dev.sessioncontrol.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ServerInfo;
import org.junit.jupiter.api.Test;

/** The jar's providers are registered and show the jar's version in the admin console's provider info. */
class ProviderInfoIT extends AbstractKeycloakIT {

    @Test
    void providersShowTheJarVersion() {
        ServerInfo serverInfo = ServerInfo.of(server());
        String version = System.getProperty("project.version");
        for (String spi : ServerInfo.EXTENSION_SPIS) {
            JsonNode info = serverInfo.extensionProvider(spi);
            assertFalse(info.isMissingNode(), spi + " lists session-control: " + serverInfo.providers(spi));
            assertEquals(version, info.path("version").asText(), spi);
        }
    }
}
