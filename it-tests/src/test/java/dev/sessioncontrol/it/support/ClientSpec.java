package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OIDC client to create in a {@link TestRealm}: {@code ClientSpec.publicClient("web").redirectUris(...)}.
 * Standard flow is on; front-channel logout is off, so back-channel logout reaches the client.
 */
public final class ClientSpec {

    /** The client attribute that enables the Casdoor-compatible API for a client. */
    public static final String CASDOOR_API_ATTRIBUTE = "session-control.casdoor-api";

    private final String clientId;
    private final String secret;
    private final List<String> redirectUris = new ArrayList<>();
    private final Map<String, String> attributes = new LinkedHashMap<>();
    private boolean standardFlow = true;
    private boolean directAccessGrants;
    private boolean serviceAccounts;
    private boolean frontchannelLogout;

    private ClientSpec(String clientId, String secret) {
        this.clientId = clientId;
        this.secret = secret;
    }

    public static ClientSpec publicClient(String clientId) {
        return new ClientSpec(clientId, null);
    }

    public static ClientSpec confidential(String clientId, String secret) {
        return new ClientSpec(clientId, secret);
    }

    public ClientSpec redirectUris(String... uris) {
        redirectUris.addAll(List.of(uris));
        return this;
    }

    public ClientSpec standardFlow(boolean enabled) {
        standardFlow = enabled;
        return this;
    }

    public ClientSpec directAccessGrants(boolean enabled) {
        directAccessGrants = enabled;
        return this;
    }

    /** Only for confidential clients. */
    public ClientSpec serviceAccounts(boolean enabled) {
        serviceAccounts = enabled;
        return this;
    }

    public ClientSpec frontchannelLogout(boolean enabled) {
        frontchannelLogout = enabled;
        return this;
    }

    /** Keycloak POSTs logout tokens there, with the {@code sid} claim. */
    public ClientSpec backchannelLogoutUrl(String url) {
        attributes.put("backchannel.logout.url", url);
        attributes.put("backchannel.logout.session.required", "true");
        return this;
    }

    /**
     * Enables the Casdoor-compatible API for this client (its credentials and the tokens issued to it), as the
     * switch in the client's Session control tab does.
     */
    public ClientSpec casdoorApi() {
        return attribute(CASDOOR_API_ATTRIBUTE, "true");
    }

    /** Any client attribute, e.g. {@code session-control.device-type} = {@code Web}. */
    public ClientSpec attribute(String name, String value) {
        attributes.put(name, value);
        return this;
    }

    public String clientId() {
        return clientId;
    }

    /** The secret of a confidential client; null for a public one. */
    public String secret() {
        return secret;
    }

    public boolean isPublic() {
        return secret == null;
    }

    /** The ClientRepresentation JSON posted to the admin REST API. */
    public ObjectNode toRepresentation() {
        ObjectNode client = Json.object()
                .put("clientId", clientId)
                .put("protocol", "openid-connect")
                .put("enabled", true)
                .put("publicClient", isPublic())
                .put("standardFlowEnabled", standardFlow)
                .put("directAccessGrantsEnabled", directAccessGrants)
                .put("serviceAccountsEnabled", serviceAccounts)
                .put("frontchannelLogout", frontchannelLogout);
        if (!isPublic()) {
            client.put("clientAuthenticatorType", "client-secret").put("secret", secret);
        }
        redirectUris.forEach(client.putArray("redirectUris")::add);
        ObjectNode attrs = client.putObject("attributes");
        attributes.forEach(attrs::put);
        return client;
    }
}
