package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.JsonNode;

/** What one node has loaded, from Keycloak's server info ({@code /admin/serverinfo}, read as the master admin). */
public final class ServerInfo {

    /** The id of every provider of the extension. */
    public static final String PROVIDER_ID = "session-control";

    /** SPIs the extension implements, each with a provider of {@link #PROVIDER_ID}. */
    public static final String[] EXTENSION_SPIS = {
        "eventsListener", "realm-restapi-extension", "admin-realm-restapi-extension"
    };

    private final JsonNode info;

    private ServerInfo(JsonNode info) {
        this.info = info;
    }

    public static ServerInfo of(KeycloakServer node) {
        return new ServerInfo(Http.get(node.baseUrl() + "/admin/serverinfo", node.adminToken())
                .requireSuccess("server info of " + node.name())
                .json());
    }

    /** The providers of an SPI, by id. */
    public JsonNode providers(String spi) {
        return info.path("providers").path(spi).path("providers");
    }

    /** The operational info of the extension's provider of an SPI; a missing node when it is not loaded. */
    public JsonNode extensionProvider(String spi) {
        return providers(spi).path(PROVIDER_ID).path("operationalInfo");
    }

    /** The themes of a type ({@code admin}, {@code account}, ...). */
    public JsonNode themes(String type) {
        return info.path("themes").path(type);
    }

    public boolean offersTheme(String type, String name) {
        return Json.list(themes(type)).stream()
                .anyMatch(t -> name.equals(t.path("name").asText()));
    }
}
