package dev.sessioncontrol.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Self-service routes: a user lists and ends their own sessions, and nobody else's. */
class AccountSessionsIT extends AbstractKeycloakIT {

    private static final String WEB = "web-app";
    private static final String MOBILE = "mobile-app";
    private static final String API = "api-client";
    private static final String BCL = "bcl-app";
    private static final String BCL_SECRET = "bcl-secret";

    private SessionControlClient api;

    @BeforeEach
    void clients() {
        api = new SessionControlClient(realm());
        if (realm().adminGet("/clients?clientId=" + WEB).json().size() > 0) {
            return;
        }
        realm().createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm().createClient(ClientSpec.publicClient(MOBILE)
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        realm().createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
    }

    @Test
    void listsOwnSessionsWithDeviceTypeDeviceAndCurrent() {
        realm().createUser("lister", "pw");
        Tokens web = new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "lister", "pw");
        Tokens mobile =
                new Browser(realm(), UserAgents.SAFARI_IPHONE).signIn(MOBILE, Browser.REDIRECT_URI, "lister", "pw");
        Tokens oauth = OAuth.passwordGrant(realm(), API, null, "lister", "pw", UserAgents.OKHTTP);

        Http.Response listed = api.accountGet(mobile.accessToken(), "/sessions").requireSuccess("listing");
        Map<String, JsonNode> byId = Json.list(listed.json()).stream()
                .collect(Collectors.toMap(s -> s.get("id").asText(), Function.identity()));
        assertEquals(3, byId.size(), listed.body());

        JsonNode webView = byId.get(web.sessionId());
        assertEquals("Web", webView.get("deviceType").asText());
        assertEquals("Windows", webView.at("/device/os").asText());
        assertTrue(webView.at("/device/browser").asText().startsWith("Chrome"), webView.toString());
        assertFalse(webView.at("/device/mobile").asBoolean());
        assertFalse(webView.get("current").asBoolean());
        assertEquals(WEB, webView.at("/clients/0/clientId").asText());
        assertEquals(
                "\u2026" + web.sessionId().substring(web.sessionId().length() - 8),
                webView.get("maskedId").asText());

        JsonNode mobileView = byId.get(mobile.sessionId());
        assertEquals("Mobile", mobileView.get("deviceType").asText());
        assertEquals("iOS", mobileView.at("/device/os").asText());
        assertTrue(mobileView.at("/device/mobile").asBoolean());
        assertTrue(mobileView.get("current").asBoolean());

        JsonNode oauthView = byId.get(oauth.sessionId());
        assertEquals("OAuth", oauthView.get("deviceType").asText());
        assertFalse(oauthView.get("current").asBoolean());

        for (JsonNode view : byId.values()) {
            assertEquals("lister", view.get("username").asText());
            assertEquals("127.0.0.1", view.get("ipAddress").asText());
            assertEquals("127.0.0.1", view.get("lastIpAddress").asText());
            long started = view.get("started").asLong();
            assertTrue(started > 0 && view.get("lastAccess").asLong() >= started);
            assertTrue(view.get("expires").asLong() > view.get("lastAccess").asLong());
        }
        List<Long> starts = Json.list(listed.json()).stream()
                .map(s -> s.get("started").asLong())
                .toList();
        assertEquals(starts.stream().sorted((a, b) -> Long.compare(b, a)).toList(), starts, "newest first");
    }

    @Test
    void endingOneSessionLogsItOutEverywhereAndRecordsTheReason() throws Exception {
        realm().createUser("ender", "pw");
        try (BackchannelLogoutReceiver receiver = new BackchannelLogoutReceiver(realm())) {
            realm().createClient(ClientSpec.confidential(BCL, BCL_SECRET)
                    .redirectUris(Browser.REDIRECT_URI)
                    .frontchannelLogout(false)
                    .backchannelLogoutUrl(receiver.url()));
            Browser browser = new Browser(realm(), UserAgents.FIREFOX_DESKTOP);
            Tokens victim = browser.signIn(BCL, BCL_SECRET, Browser.REDIRECT_URI, "ender", "pw");
            Tokens caller = OAuth.passwordGrant(realm(), API, null, "ender", "pw", UserAgents.CURL);
            assertTrue(browser.ssoSessionAlive(BCL, Browser.REDIRECT_URI));

            Http.Response ended = api.accountDelete(caller.accessToken(), "/sessions/" + victim.sessionId());
            assertEquals(204, ended.status(), ended.body());

            OAuth.TokenResult refresh = OAuth.refresh(realm(), BCL, BCL_SECRET, victim.refreshToken());
            assertEquals("invalid_grant", refresh.error(), refresh.json().toString());
            assertTrue(OAuth.refresh(realm(), API, null, caller.refreshToken()).ok(), "the caller's session lives on");

            BackchannelLogoutReceiver.LogoutToken token = receiver.awaitLogoutToken(
                    Duration.ofSeconds(10), t -> victim.sessionId().equals(t.sid()));
            assertNotNull(token, "back-channel logout token for the ended session");
            assertTrue(token.verified(), token.verificationError());
            assertTrue(token.isBackchannelLogout());
            assertTrue(token.aud().contains(BCL));
            assertEquals(realm().url(), token.iss());
            assertFalse(browser.ssoSessionAlive(BCL, Browser.REDIRECT_URI), "the ended browser is signed out");

            JsonNode logout = Events.await(realm(), "LOGOUT", victim.sessionId());
            assertEquals("revoked-by-user", logout.at("/details/reason").asText());
        }
    }

    @Test
    void theCurrentSessionCannotBeEnded() {
        realm().createUser("keeper", "pw");
        Tokens current = OAuth.passwordGrant(realm(), API, null, "keeper", "pw", UserAgents.CURL);

        Http.Response refused = api.accountDelete(current.accessToken(), "/sessions/" + current.sessionId());

        assertEquals(409, refused.status());
        assertEquals(
                "session id " + current.sessionId() + " is the current session and cannot be deleted",
                refused.json().get("error").asText());
        assertTrue(OAuth.refresh(realm(), API, null, current.refreshToken()).ok());
    }

    @Test
    void endingAllOthersSparesTheCurrentSession() {
        realm().createUser("cleaner", "pw");
        Tokens a = OAuth.passwordGrant(realm(), API, null, "cleaner", "pw", UserAgents.CURL);
        Tokens b = OAuth.passwordGrant(realm(), MOBILE, null, "cleaner", "pw", UserAgents.CHROME_ANDROID);
        Tokens current = OAuth.passwordGrant(realm(), API, null, "cleaner", "pw", UserAgents.OKHTTP);

        Http.Response ended =
                api.accountDelete(current.accessToken(), "/sessions").requireSuccess("ending others");

        assertEquals(2, ended.json().get("ended").asInt());
        assertEquals(
                "invalid_grant",
                OAuth.refresh(realm(), API, null, a.refreshToken()).error());
        assertEquals(
                "invalid_grant",
                OAuth.refresh(realm(), MOBILE, null, b.refreshToken()).error());
        assertTrue(OAuth.refresh(realm(), API, null, current.refreshToken()).ok());
        assertEquals(
                1, api.accountGet(current.accessToken(), "/sessions").json().size());
    }

    @Test
    void anotherUsersSessionIsNeitherVisibleNorEndable() {
        realm().createUser("mallory", "pw");
        realm().createUser("victim", "pw");
        Tokens mallory = OAuth.passwordGrant(realm(), API, null, "mallory", "pw", UserAgents.CURL);
        Tokens victim = OAuth.passwordGrant(realm(), API, null, "victim", "pw", UserAgents.CURL);

        Http.Response listed = api.accountGet(mallory.accessToken(), "/sessions");
        assertEquals(1, listed.json().size());
        assertEquals(mallory.sessionId(), listed.json().get(0).get("id").asText());

        Http.Response attempt = api.accountDelete(mallory.accessToken(), "/sessions/" + victim.sessionId());
        assertEquals(404, attempt.status());
        assertEquals("session not found", attempt.json().get("error").asText());
        assertTrue(OAuth.refresh(realm(), API, null, victim.refreshToken()).ok(), "the victim's session lives on");
    }

    @Test
    void badInputAndBadTokensAreClearErrors() {
        realm().createUser("prober", "pw");
        Tokens prober = OAuth.passwordGrant(realm(), API, null, "prober", "pw", UserAgents.CURL);

        Http.Response malformed = api.accountDelete(prober.accessToken(), "/sessions/not%20an%20id");
        assertEquals(400, malformed.status());
        assertEquals("malformed session id", malformed.json().get("error").asText());
        Http.Response badPaging = api.accountGet(prober.accessToken(), "/sessions?first=minus");
        assertEquals(400, badPaging.status());
        assertTrue(badPaging.json().get("error").asText().contains("first"));

        Http.Response noToken = api.accountGet(null, "/sessions");
        assertEquals(401, noToken.status());
        assertNotNull(noToken.json().get("error"));
        assertEquals(401, api.accountGet("not-a-token", "/sessions").status());
        assertTrue(OAuth.refresh(realm(), API, null, prober.refreshToken()).ok(), "nothing ended");
    }
}
