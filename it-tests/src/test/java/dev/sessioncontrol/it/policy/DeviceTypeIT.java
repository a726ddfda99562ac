package dev.sessioncontrol.it.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How each way of creating a session resolves its device type (spec: concurrent-login-policy.md § Device type). */
class DeviceTypeIT extends AbstractKeycloakIT {

    @Test
    void resolvedFromClientAttributeThenHowTheSessionWasCreated() {
        realm().createClient(ClientSpec.publicClient("browser-app")
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true));
        realm().createClient(ClientSpec.publicClient("kiosk-app")
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Kiosk"));
        realm().createUser("typed", "pw");

        Tokens browser = new Browser(realm(), UserAgents.SAFARI_IPHONE)
                .signIn("browser-app", Browser.REDIRECT_URI, "typed", "pw");
        Tokens password = OAuth.passwordGrant(realm(), "browser-app", null, "typed", "pw", UserAgents.OKHTTP);
        Tokens kioskBrowser = new Browser(realm(), UserAgents.CHROME_DESKTOP)
                .signIn("kiosk-app", Browser.REDIRECT_URI, "typed", "pw");
        Tokens kioskPassword = OAuth.passwordGrant(realm(), "kiosk-app", null, "typed", "pw", UserAgents.CURL);

        assertEquals("Web", deviceType(browser), "browser sign-in, ABP default");
        assertEquals("OAuth", deviceType(password), "token endpoint, ABP default");
        assertEquals("Kiosk", deviceType(kioskBrowser), "client attribute wins");
        assertEquals("Kiosk", deviceType(kioskPassword), "client attribute wins at the token endpoint too");
    }

    @Test
    void userAgentClassesWhenTheRealmAsksForThem() {
        realm().createClient(ClientSpec.publicClient("ua-app")
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true));
        realm().createUser("classified", "pw");
        realm().adminPut(
                        "",
                        Json.object()
                                .set(
                                        "attributes",
                                        Json.object().put("session-control.deviceTypeFromUserAgent", "true")))
                .requireSuccess("realm switch");
        try {
            assertEquals("Mobile", deviceType(signIn("ua-app", UserAgents.CHROME_ANDROID, "classified")));
            assertEquals("Tablet", deviceType(signIn("ua-app", UserAgents.SAFARI_IPAD, "classified")));
            assertEquals("Desktop", deviceType(signIn("ua-app", UserAgents.FIREFOX_DESKTOP, "classified")));
            assertEquals(
                    "OAuth",
                    deviceType(OAuth.passwordGrant(
                            realm(), "ua-app", null, "classified", "pw", UserAgents.CHROME_ANDROID)),
                    "the switch applies to browser sign-ins only");
        } finally {
            realm().adminPut(
                            "",
                            Json.object()
                                    .set(
                                            "attributes",
                                            Json.object().put("session-control.deviceTypeFromUserAgent", "false")));
        }
    }

    @Test
    void deviceGrantSessionsAreOAuthNotTheApprovingBrowser() {
        realm().createClient(ClientSpec.publicClient("tv-app")
                .standardFlow(false)
                .attribute("oauth2.device.authorization.grant.enabled", "true"));
        realm().createUser("viewer", "pw");

        JsonNode authorization = Http.postForm(
                        realm().url() + "/protocol/openid-connect/auth/device",
                        Map.of("client_id", "tv-app", "scope", "openid"),
                        Map.of())
                .requireSuccess("device authorization")
                .json();
        new Browser(realm(), UserAgents.SAFARI_IPHONE)
                .approveDevice(authorization.get("verification_uri_complete").asText(), "viewer", "pw");
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "urn:ietf:params:oauth:grant-type:device_code");
        form.put("client_id", "tv-app");
        form.put("device_code", authorization.get("device_code").asText());
        Tokens tv = OAuth.tokenRequest(realm(), form, UserAgents.OKHTTP).tokens();

        assertEquals("OAuth", deviceType(tv));
    }

    private Tokens signIn(String clientId, String userAgent, String username) {
        return new Browser(realm(), userAgent).signIn(clientId, Browser.REDIRECT_URI, username, "pw");
    }

    private String deviceType(Tokens tokens) {
        return new SessionControlClient(realm())
                .adminGet(realm().adminToken(), "/sessions/" + tokens.sessionId())
                .requireSuccess("session view")
                .json()
                .path("deviceType")
                .asText();
    }
}
