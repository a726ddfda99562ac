package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.HttpHeaders;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserSessionModel;

/** When an ending may skip Keycloak's logout: only where that logout would call nobody and change nothing else. */
class SessionTerminatorTest {

    private static final String OIDC = "openid-connect";

    /** A stand-in answering the named getters from the map and every other call with its type's empty value. */
    @SuppressWarnings("unchecked")
    private static <T> T answering(Class<T> type, Map<String, Object> values) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            String key = method.getName() + (args != null && args.length == 1 ? ":" + args[0] : "");
            if (values.containsKey(key)) {
                return values.get(key);
            }
            if (method.getReturnType() == boolean.class) {
                return false;
            }
            return method.getReturnType() == int.class ? 0 : null;
        });
    }

    private static ClientModel client(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(Map.of("isEnabled", true, "getId", "c1", "getClientId", "app"));
        all.putAll(values);
        return answering(ClientModel.class, all);
    }

    private static UserSessionModel session(
            Map<String, Object> notes, ClientModel client, String protocol, String note) {
        Map<String, Object> clientSessionValues = new HashMap<>();
        clientSessionValues.put("getClient", client);
        clientSessionValues.put("getProtocol", protocol);
        if (note != null) {
            clientSessionValues.put("getNote:client_session_state", note);
        }
        Map<String, Object> values = new HashMap<>(notes);
        values.put(
                "getAuthenticatedClientSessions",
                client == null
                        ? Map.of()
                        : Map.of("c1", answering(AuthenticatedClientSessionModel.class, clientSessionValues)));
        return answering(UserSessionModel.class, values);
    }

    private static UserSessionModel withClient(ClientModel client, String protocol) {
        return session(Map.of(), client, protocol, null);
    }

    private static HttpHeaders cookies(String... names) {
        Map<String, Cookie> cookies = new HashMap<>();
        for (String name : names) {
            cookies.put(name, new Cookie(name, "value"));
        }
        return answering(HttpHeaders.class, Map.of("getCookies", cookies));
    }

    @Test
    void aSessionWhoseClientsHaveNoLogoutUrlsIsRemovedDirectly() {
        assertTrue(SessionTerminator.nobodyToTell(null, withClient(client(Map.of()), OIDC)));
        assertTrue(SessionTerminator.nobodyToTell(cookies("KEYCLOAK_LOCALE"), withClient(client(Map.of()), OIDC)));
        assertTrue(SessionTerminator.nobodyToTell(null, session(Map.of(), null, null, null)));
    }

    @Test
    void aClientWithABackChannelLogoutUrlIsTold() {
        ClientModel told = client(Map.of("getAttribute:backchannel.logout.url", "https://app.example/logout"));
        assertFalse(SessionTerminator.nobodyToTell(null, withClient(told, OIDC)));
    }

    @Test
    void clientsThatKeycloakWouldNotCallInTheBackChannelDoNotCount() {
        String url = "https://app.example/logout";
        ClientModel frontChannel =
                client(Map.of("getAttribute:backchannel.logout.url", url, "isFrontchannelLogout", true));
        ClientModel disabled = client(Map.of("getAttribute:backchannel.logout.url", url, "isEnabled", false));
        assertTrue(SessionTerminator.nobodyToTell(null, withClient(frontChannel, OIDC)));
        assertTrue(SessionTerminator.nobodyToTell(null, withClient(disabled, OIDC)));
        // A client session without a protocol is one of Keycloak's own services (the account console).
        assertTrue(SessionTerminator.nobodyToTell(
                null, withClient(client(Map.of("getAttribute:backchannel.logout.url", url)), null)));
    }

    @Test
    void aLegacyAdminUrlCountsOnlyWithAnAdapterSession() {
        ClientModel legacy = client(Map.of("getManagementUrl", "https://app.example/admin"));
        assertTrue(SessionTerminator.nobodyToTell(null, session(Map.of(), legacy, OIDC, null)));
        assertFalse(SessionTerminator.nobodyToTell(null, session(Map.of(), legacy, OIDC, "adapter-session-1")));
    }

    @Test
    void anotherProtocolABrokeredSessionOrTheRequestsIdentityCookieTakeKeycloaksLogout() {
        assertFalse(SessionTerminator.nobodyToTell(null, withClient(client(Map.of()), "saml")));
        assertFalse(SessionTerminator.nobodyToTell(
                null, session(Map.of("getNote:identity_provider", "upstream"), client(Map.of()), OIDC, null)));
        assertFalse(SessionTerminator.nobodyToTell(cookies("KEYCLOAK_IDENTITY"), withClient(client(Map.of()), OIDC)));
    }
}
