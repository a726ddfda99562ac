package dev.sessioncontrol.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver.LogoutToken;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.ServerInfo;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Proves the harness (its browser, token helpers, back-channel receiver, realm set-up and admin client) on stock
 * Keycloak features, and that the server it starts carries the extension: each session made here is seen by the
 * extension with its device type, and its themes are offered.
 */
class HarnessSmokeIT extends AbstractKeycloakIT {

    private static final String PASSWORD = "Smoke-Test-1";

    @Test
    void browserSignInThenAdminEndsTheSession() {
        String userId = realm().createUser("alice", PASSWORD);
        realm().createClient(ClientSpec.publicClient("web")
                .redirectUris(Browser.REDIRECT_URI)
                .attribute("session-control.device-type", "Web"));
        Browser browser = new Browser(realm(), UserAgents.CHROME_DESKTOP);

        Tokens tokens = browser.signIn("web", Browser.REDIRECT_URI, "alice", PASSWORD);

        assertNotNull(tokens.accessToken());
        assertNotNull(tokens.refreshToken());
        assertNotNull(tokens.idToken());
        assertNotNull(tokens.sessionId(), "sid claim");
        assertEquals("alice", tokens.accessClaims().path("preferred_username").asText());
        assertEquals(tokens.sessionId(), tokens.idClaims().path("sid").asText());
        assertTrue(realm().userSessions(userId).stream()
                .anyMatch(s -> tokens.sessionId().equals(s.path("id").asText())));
        assertTrue(
                realm().userEvents("LOGIN").stream()
                        .anyMatch(e -> userId.equals(e.path("userId").asText())),
                "LOGIN event stored");
        assertTrue(browser.ssoSessionAlive("web", Browser.REDIRECT_URI));
        assertEquals("Web", extensionView(tokens).path("deviceType").asText(), "the client's device type");

        // A second sign-in rides on the SSO cookie: no form, same session.
        assertEquals(
                tokens.sessionId(),
                browser.signIn("web", Browser.REDIRECT_URI, "alice", "not-needed")
                        .sessionId());

        realm().adminDelete("/sessions/" + tokens.sessionId()).requireSuccess("Deleting the session");

        OAuth.TokenResult refreshed = OAuth.refresh(realm(), "web", null, tokens.refreshToken());
        assertEquals(400, refreshed.status());
        assertEquals("invalid_grant", refreshed.error());
        assertFalse(browser.ssoSessionAlive("web", Browser.REDIRECT_URI));
        assertEquals(
                404,
                realm().adminGet("/session-control/sessions/" + tokens.sessionId())
                        .status(),
                "a session Keycloak ended is gone from the extension's view too");
    }

    private JsonNode extensionView(Tokens tokens) {
        return realm().adminGet("/session-control/sessions/" + tokens.sessionId())
                .requireSuccess("the extension's view of " + tokens.sessionId())
                .json();
    }

    @Test
    void passwordGrantAndRefresh() {
        realm().createUser("bob", PASSWORD);
        realm().createClient(ClientSpec.publicClient("cli").directAccessGrants(true));

        Tokens tokens = OAuth.passwordGrant(realm(), "cli", null, "bob", PASSWORD, UserAgents.OKHTTP);
        assertNotNull(tokens.sessionId());
        assertEquals("OAuth", extensionView(tokens).path("deviceType").asText(), "made at the token endpoint");

        OAuth.TokenResult refreshed = OAuth.refresh(realm(), "cli", null, tokens.refreshToken());
        assertTrue(refreshed.ok(), refreshed::toString);
        assertEquals(tokens.sessionId(), refreshed.tokens().sessionId());
        assertNotEquals(tokens.accessToken(), refreshed.tokens().accessToken());

        OAuth.TokenResult wrongPassword =
                OAuth.passwordGrantResult(realm(), "cli", null, "bob", "wrong", UserAgents.OKHTTP);
        assertEquals("invalid_grant", wrongPassword.error());
    }

    @Test
    void backchannelLogoutReachesConfidentialClient() {
        try (BackchannelLogoutReceiver receiver = new BackchannelLogoutReceiver(realm())) {
            String userId = realm().createUser("carol", PASSWORD);
            realm().createClient(ClientSpec.confidential("backend", "backend-secret")
                    .redirectUris(Browser.REDIRECT_URI)
                    .backchannelLogoutUrl(receiver.url()));
            Tokens tokens = new Browser(realm(), UserAgents.SAFARI_IPHONE)
                    .signIn("backend", "backend-secret", Browser.REDIRECT_URI, "carol", PASSWORD);

            realm().adminDelete("/sessions/" + tokens.sessionId()).requireSuccess("Deleting the session");

            LogoutToken logout = receiver.awaitLogoutToken(
                    Duration.ofSeconds(10), token -> tokens.sessionId().equals(token.sid()));
            assertTrue(logout.verified(), logout::verificationError);
            assertTrue(logout.isBackchannelLogout());
            assertEquals(realm().url(), logout.iss());
            assertEquals(userId, logout.sub());
            assertTrue(logout.aud().contains("backend"), () -> "aud " + logout.aud());
        }
    }

    @Test
    void realmIsSetUpForEventsAndAdminClientWorks() {
        RealmRepresentation realm = realm().admin().toRepresentation();
        assertEquals(realm().name(), realm.getRealm());
        assertTrue(realm.isEventsEnabled());
        assertTrue(realm.isAdminEventsEnabled());
        assertTrue(realm.isAdminEventsDetailsEnabled());

        String userId = realm().createUser("dave", PASSWORD, "offline_access");
        realm().assignClientRole(userId, "realm-management", "view-users");
        assertTrue(realm()
                .admin()
                .users()
                .get(userId)
                .roles()
                .clientLevel(realm().clientUuid("realm-management"))
                .listEffective()
                .stream()
                .anyMatch(r -> r.getName().equals("view-users")));
        JsonNode created = realm().adminEvents().stream()
                .filter(e -> ("users/" + userId).equals(e.path("resourcePath").asText()))
                .findFirst()
                .orElseThrow();
        assertEquals("CREATE", created.path("operationType").asText());

        ServerInfo info = ServerInfo.of(server());
        for (String type : new String[] {"admin", "account"}) {
            assertTrue(info.offersTheme(type, ServerInfo.PROVIDER_ID), type + " themes: " + info.themes(type));
        }
    }
}
