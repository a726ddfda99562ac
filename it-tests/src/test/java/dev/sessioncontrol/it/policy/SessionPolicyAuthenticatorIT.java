package dev.sessioncontrol.it.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The "Session policy" authenticator in copies of the browser and direct-grant flows: the confirmation page
 * (continue / cancel), the refusal page and the token endpoint's JSON refusal under DenyNew, and no
 * brute-force lockout however often a sign-in is refused.
 */
class SessionPolicyAuthenticatorIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final String SECRET = "secret";
    private static final String PASSWORD = "pw";
    private static final int BRUTE_FORCE_FAILURES = 3;

    private static boolean prepared;
    private static int users;

    @BeforeEach
    void setUp() {
        if (prepared) {
            return;
        }
        realm().createClient(ClientSpec.confidential(WEB, SECRET)
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Web"));
        realm().createClient(ClientSpec.confidential(MOBILE, SECRET)
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        realm().copyFlowWithSessionPolicy("browser", "guarded browser", "guarded browser forms");
        realm().copyFlowWithSessionPolicy("direct grant", "guarded direct grant", "guarded direct grant");
        realm().adminPut(
                        "",
                        Json.object()
                                .put("browserFlow", "guarded browser")
                                .put("directGrantFlow", "guarded direct grant")
                                .put("bruteForceProtected", true)
                                .put("failureFactor", BRUTE_FORCE_FAILURES)
                                .put("permanentLockout", false)
                                .put("waitIncrementSeconds", 600)
                                .put("maxFailureWaitSeconds", 900))
                .requireSuccess("binding flows, brute force");
        prepared = true;
    }

    private String newUser() {
        String name = "guarded" + (++users);
        realm().createUser(name, PASSWORD);
        return name;
    }

    private void policy(String json) {
        Http.putJson(realm().adminUrl() + "/session-control/policy", realm().adminToken(), Json.parse(json))
                .requireSuccess("setting the policy");
    }

    private boolean alive(String clientId, Tokens tokens) {
        return OAuth.refresh(realm(), clientId, SECRET, tokens.refreshToken()).ok();
    }

    @Test
    void browserUserConfirmsBeforeOtherSessionsOfTheTypeAreSignedOut() {
        policy(
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":1,\"action\":\"TerminateOldest\"}");
        String user = newUser();
        Browser first = new Browser(realm(), UserAgents.CHROME_DESKTOP);
        Tokens older = first.signIn(WEB, SECRET, Browser.REDIRECT_URI, user, PASSWORD); // nothing to end: no page
        Tokens mobile = OAuth.passwordGrant(realm(), MOBILE, SECRET, user, PASSWORD, UserAgents.OKHTTP);

        Browser second = new Browser(realm(), UserAgents.FIREFOX_DESKTOP);
        Browser.Step page = second.startSignIn(WEB, SECRET, Browser.REDIRECT_URI, user, PASSWORD);
        assertFalse(page.atCallback());
        assertTrue(page.page().contains("sign you out of 1 other session(s) on Web devices"), page.page());
        assertTrue(alive(WEB, older), "nothing is ended before the user agrees");

        Tokens newer = second.tokens(second.submit(page, Map.of("continue", "x")));
        JsonNode logout = Events.await(realm(), "LOGOUT", older.sessionId());
        assertEquals("concurrent-login-policy", logout.at("/details/reason").asText());
        assertEquals(newer.sessionId(), logout.at("/details/replaced_by").asText());
        assertFalse(alive(WEB, older));
        assertTrue(alive(MOBILE, mobile));
        assertTrue(alive(WEB, newer));
    }

    @Test
    void cancellingKeepsTheOtherSessionsAndSignsNobodyIn() {
        policy("{\"mode\":\"LogoutFromAllDevices\",\"action\":\"TerminateOldest\"}");
        String user = newUser();
        Tokens mobile = OAuth.passwordGrant(realm(), MOBILE, SECRET, user, PASSWORD, UserAgents.OKHTTP);

        Browser browser = new Browser(realm(), UserAgents.CHROME_DESKTOP);
        Browser.Step page = browser.startSignIn(WEB, SECRET, Browser.REDIRECT_URI, user, PASSWORD);
        assertTrue(page.page().contains("sign you out of 1 other session(s) on all your devices"), page.page());
        Browser.Step cancelled = browser.submit(page, Map.of("cancel", "x"));
        assertTrue(cancelled.atCallback());
        assertEquals("access_denied", cancelled.callback().get("error"));
        assertNull(cancelled.callback().get("code"));
        assertTrue(alive(MOBILE, mobile));
    }

    @Test
    void denyNewShowsARefusalPageInTheBrowser() {
        policy("{\"mode\":\"LogoutFromAllDevices\",\"action\":\"DenyNew\"}");
        String user = newUser();
        Tokens mobile = OAuth.passwordGrant(realm(), MOBILE, SECRET, user, PASSWORD, UserAgents.OKHTTP);

        Browser browser = new Browser(realm(), UserAgents.CHROME_DESKTOP);
        Browser.Step refused = browser.startSignIn(WEB, SECRET, Browser.REDIRECT_URI, user, PASSWORD);
        assertEquals(403, refused.status());
        assertTrue(refused.page().contains("You are already signed in on another device"), refused.page());
        assertTrue(alive(MOBILE, mobile));
    }

    @Test
    void denyNewAnswersTheTokenEndpointWithJsonAndNeverLocksTheUserOut() {
        policy("{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":1,\"action\":\"DenyNew\"}");
        String user = newUser();
        String userId = realm().userId(user);
        Tokens first = OAuth.passwordGrant(realm(), MOBILE, SECRET, user, PASSWORD, UserAgents.OKHTTP);

        for (int i = 0; i < BRUTE_FORCE_FAILURES * 2; i++) {
            OAuth.TokenResult refused =
                    OAuth.passwordGrantResult(realm(), MOBILE, SECRET, user, PASSWORD, UserAgents.OKHTTP);
            assertEquals(403, refused.status(), String.valueOf(refused.json()));
            assertEquals("access_denied", refused.error());
            assertTrue(refused.errorDescription().contains("Session limit reached"), refused.errorDescription());
        }
        // Another device type still has room.
        assertTrue(OAuth.passwordGrantResult(realm(), WEB, SECRET, user, PASSWORD, null)
                .ok());

        JsonNode attack = realm().adminGet("/attack-detection/brute-force/users/" + userId)
                .requireSuccess("brute force")
                .json();
        assertFalse(attack.path("disabled").asBoolean(), attack.toString());
        assertEquals(0, attack.path("numFailures").asInt(), attack.toString());

        // Once the first session is gone the user signs in at once: no lockout.
        assertEquals(204, OAuth.logout(realm(), MOBILE, SECRET, first.refreshToken()));
        assertTrue(OAuth.passwordGrantResult(realm(), MOBILE, SECRET, user, PASSWORD, UserAgents.OKHTTP)
                .ok());
    }

    @Test
    void terminateOldestAtTheTokenEndpointAsksNothingAndEndsTheOlderSession() {
        policy(
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":1,\"action\":\"TerminateOldest\"}");
        String user = newUser();
        Tokens first = OAuth.passwordGrant(realm(), MOBILE, SECRET, user, PASSWORD, UserAgents.OKHTTP);
        Tokens second = OAuth.passwordGrant(realm(), MOBILE, SECRET, user, PASSWORD, UserAgents.OKHTTP);
        assertFalse(alive(MOBILE, first));
        assertTrue(alive(MOBILE, second));
    }
}
