package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * "End what matches" ({@code POST sessions/revoke}): a dry run counts exactly what a real call covers and ends
 * nothing; a real call makes every covered session unusable before it answers (refresh tokens regular and offline,
 * checked on the last node, and the single sign-on cookie), leaves every other session alive, and ends the covered
 * ones with back-channel logouts and {@code LOGOUT} events that say {@code revoke-matching}. Each test has users of its
 * own, so the filters name them (or their addresses) and never reach another test's sessions.
 */
@Tag("both")
class RevokeMatchingIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String SHOP = "shop";
    private static final String API = "api";
    private static final String MOBILE = "mobile-app";
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static BackchannelLogoutReceiver receiver;
    private static int users;

    @BeforeAll
    static void setUp(TestRealm realm) {
        receiver = new BackchannelLogoutReceiver(realm);
        for (String web : List.of(WEB, SHOP)) {
            realm.createClient(ClientSpec.publicClient(web)
                    .redirectUris(Browser.REDIRECT_URI)
                    .frontchannelLogout(false)
                    .backchannelLogoutUrl(receiver.url()));
        }
        realm.createClient(ClientSpec.publicClient(API)
                .standardFlow(false)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url()));
        realm.createClient(ClientSpec.publicClient(MOBILE)
                .standardFlow(false)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url())
                .attribute("session-control.device-type", "Mobile"));
        // Documentation addresses are public ones: Keycloak's default ("external") would ask them for HTTPS.
        realm.adminPut("", Map.of("sslRequired", "none")).requireSuccess("sslRequired none");
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private String newUser() {
        String name = "match" + (++users) + "x";
        realm().createUser(name, "pw");
        return name;
    }

    private TestRealm lastNode() {
        List<KeycloakServer> nodes = cluster().nodes();
        return realm().on(nodes.get(nodes.size() - 1));
    }

    /** A password grant as seen from {@code address} (through the servers' trusted proxy's {@code X-Forwarded-For}). */
    private Tokens signIn(String client, String user, String address, boolean offline) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", client);
        form.put("username", user);
        form.put("password", "pw");
        form.put("scope", offline ? "openid offline_access" : "openid");
        Http.Response answer =
                Http.postFormForwarded(address, OAuth.tokenUrl(realm()), form, Map.of("User-Agent", UserAgents.OKHTTP));
        return new OAuth.TokenResult(answer.status(), answer.json()).tokens();
    }

    private boolean refreshes(String client, Tokens tokens) {
        return OAuth.refresh(lastNode(), client, null, tokens.refreshToken()).ok();
    }

    private Http.Response revoke(String token, Object body) {
        return Http.postJson(new SessionControlClient(realm()).adminUrl("/sessions/revoke"), token, body);
    }

    private JsonNode revoke(Object body) {
        return revoke(realm().adminToken(), body)
                .requireSuccess("revoke " + body)
                .json();
    }

    private long count(String query) {
        return realm().adminGet("/session-control/sessions/count?" + query)
                .requireSuccess("count")
                .json()
                .get("count")
                .asLong();
    }

    private void awaitDone(JsonNode answer) {
        String job = answer.get("jobId").asText();
        Poll.until(
                "job " + job + " done",
                WAIT,
                () -> realm().adminGet("/session-control/jobs/" + job)
                        .requireSuccess("job")
                        .json()
                        .get("done")
                        .asBoolean());
    }

    private static void assertEndedBecause(TestRealm realm, Tokens tokens) {
        assertEquals(
                "revoke-matching",
                Events.await(realm, "LOGOUT", tokens.sessionId())
                        .at("/details/reason")
                        .asText());
    }

    @Test
    void aDryRunCountsWhatARealCallWouldCoverAndEndsNothing() {
        String user = newUser();
        Tokens a = signIn(API, user, "192.0.2.10", false);
        Tokens b = signIn(API, user, "192.0.2.11", true);
        Tokens c = signIn(API, user, "198.51.100.10", false);
        String userId = realm().userId(user);

        JsonNode dry = revoke(Map.of("userId", userId, "ip", "192.0.2.0/24", "dryRun", true));

        assertEquals(2, dry.get("count").asLong(), dry.toString());
        assertEquals(2, count("userId=" + userId + "&ip=192.0.2.0/24"));
        assertFalse(dry.has("jobId"), "a dry run starts no ending");
        for (Tokens t : List.of(a, b, c)) {
            assertTrue(refreshes(API, t), "a dry run ended " + t.sessionId());
        }
        assertEquals(3, count("userId=" + userId));
    }

    @Test
    void anAddressRangeEndsItsSessionsRegularAndOfflineAtOnceAndNothingElse() {
        String user = newUser();
        String other = newUser();
        Tokens inRange = signIn(API, user, "203.0.113.7", false);
        Tokens inRangeOffline = signIn(API, user, "203.0.113.200", true);
        Tokens outside = signIn(API, user, "198.51.100.7", false);
        Tokens otherUser = signIn(API, other, "198.51.100.8", true);
        String userId = realm().userId(user);
        String otherId = realm().userId(other);

        JsonNode answer = revoke(Map.of("search", user, "ip", "203.0.113.0/24"));

        assertEquals(2, answer.get("covered").asLong(), answer.toString());
        assertFalse(refreshes(API, inRange), "a session of the range refreshes");
        assertFalse(refreshes(API, inRangeOffline), "an offline session of the range refreshes");
        assertTrue(refreshes(API, outside), "the user's session elsewhere was ended");
        assertTrue(refreshes(API, otherUser), "another user's session was ended");
        awaitDone(answer);
        assertEquals(1, count("userId=" + userId));
        assertEquals(1, count("userId=" + otherId));
        receiver.assertOneLogoutForEachEnded(List.of(inRange, inRangeOffline), Set.of(), WAIT);
        assertEndedBecause(realm(), inRange);
        assertEndedBecause(realm(), inRangeOffline);

        JsonNode event = Poll.value(
                "the admin event of the revoke",
                Duration.ofSeconds(10),
                () -> realm().adminEvents().stream()
                        .filter(e -> e.path("resourcePath").asText().endsWith("sessions/revoke"))
                        .filter(e -> e.path("representation").asText().contains("203.0.113.0/24"))
                        .findFirst()
                        .orElse(null));
        JsonNode representation = Json.parse(event.get("representation").asText());
        assertEquals("revoke-matching", representation.get("reason").asText());
        assertEquals(2, representation.get("covered").asLong());
        assertEquals("203.0.113.0/24", representation.at("/filter/ip").asText());
    }

    @Test
    void anApplicationEndsTheSessionsThatHoldItAndTheirCookies() {
        String user = newUser();
        String other = newUser();
        Browser leaked = new Browser(realm(), UserAgents.CHROME_DESKTOP);
        Tokens web = leaked.signIn(WEB, Browser.REDIRECT_URI, user, "pw");
        Tokens api = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.OKHTTP);
        Browser otherBrowser = new Browser(realm(), UserAgents.FIREFOX_DESKTOP);
        otherBrowser.signIn(SHOP, Browser.REDIRECT_URI, other, "pw");

        JsonNode answer = revoke(Map.of("search", "match", "clientId", WEB));

        assertTrue(answer.get("covered").asLong() >= 1, answer.toString());
        assertFalse(leaked.ssoSessionAlive(SHOP, Browser.REDIRECT_URI), "the cookie of a WEB session signs in");
        assertFalse(refreshes(WEB, web), "a WEB refresh token works");
        assertTrue(refreshes(API, api), "the user's session without WEB was ended");
        assertTrue(otherBrowser.ssoSessionAlive(SHOP, Browser.REDIRECT_URI), "a session without WEB was ended");
        awaitDone(answer);
        assertEndedBecause(realm(), web);
    }

    @Test
    void aDeviceTypeEndsOnlyThatType() {
        String user = newUser();
        Tokens phone = OAuth.offlineGrant(realm(), MOBILE, null, user, "pw", UserAgents.SAFARI_IPHONE);
        Tokens script = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.CURL);

        JsonNode answer = revoke(Map.of("userId", realm().userId(user), "deviceType", "Mobile"));

        assertEquals(1, answer.get("covered").asLong(), answer.toString());
        assertFalse(refreshes(MOBILE, phone), "the Mobile offline session refreshes");
        assertTrue(refreshes(API, script), "a session of another device type was ended");
        awaitDone(answer);
        assertEndedBecause(realm(), phone);
    }

    @Test
    void aStartTimeEndsWhatStartedBeforeIt() {
        String user = newUser();
        String userId = realm().userId(user);
        Tokens early = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.OKHTTP);
        long earlyStart = started(userId, early.sessionId());
        Poll.until(
                "the next second", Duration.ofSeconds(5), () -> System.currentTimeMillis() / 1000 > earlyStart / 1000);
        Tokens late = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.OKHTTP);
        long lateStart = started(userId, late.sessionId());

        JsonNode answer = revoke(Map.of("userId", userId, "startedBefore", lateStart));

        assertEquals(1, answer.get("covered").asLong(), answer.toString());
        assertFalse(refreshes(API, early), "the session started before refreshes");
        assertTrue(refreshes(API, late), "the session started at the bound was ended");
        awaitDone(answer);
        assertEndedBecause(realm(), early);

        Tokens after = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.OKHTTP);
        assertTrue(refreshes(API, after), "a session started after the request was ended");
    }

    private long started(String userId, String sessionId) {
        return Json.list(realm().adminGet("/session-control/users/" + userId + "/sessions")
                        .requireSuccess("the user's sessions")
                        .json()
                        .get("items"))
                .stream()
                .filter(s -> s.get("id").asText().equals(sessionId))
                .findFirst()
                .orElseThrow()
                .get("started")
                .asLong();
    }

    @Test
    void anAdminOfTheRealmKeepsTheirOwnSession() {
        String operator = newUser();
        String operatorId = realm().userId(operator);
        realm().assignClientRole(operatorId, "realm-management", "manage-users");
        Tokens own = OAuth.passwordGrant(realm(), API, null, operator, "pw", UserAgents.OKHTTP);
        Tokens ownOther = OAuth.passwordGrant(realm(), API, null, operator, "pw", UserAgents.OKHTTP);

        JsonNode answer = revoke(own.accessToken(), Map.of("userId", operatorId))
                .requireSuccess("revoke of one's own sessions")
                .json();

        assertTrue(answer.get("skippedCurrent").asBoolean(), answer.toString());
        assertEquals(1, answer.get("covered").asLong(), answer.toString());
        assertTrue(refreshes(API, own), "the caller's session was ended");
        assertFalse(refreshes(API, ownOther), "the caller's other session refreshes");
    }

    @Test
    void refusalsEndNothing() {
        String user = newUser();
        String userId = realm().userId(user);
        Tokens alive = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.OKHTTP);
        String viewer = newUser();
        String viewerId = realm().userId(viewer);
        realm().assignClientRole(viewerId, "realm-management", "view-users");
        String viewerToken = OAuth.passwordGrant(realm(), API, null, viewer, "pw", UserAgents.CURL)
                .accessToken();
        String admin = realm().adminToken();

        assertRefused(400, revoke(admin, Map.of()), "filter");
        assertRefused(400, revoke(admin, Map.of("dryRun", true)), "filter");
        assertRefused(400, revoke(admin, Map.of("userId", userId, "deviceTyp", "Mobile")), "deviceTyp");
        assertRefused(400, revoke(admin, Map.of("ip", "10.0.0.0/33")), "ip");
        assertRefused(400, revoke(admin, Map.of("userId", userId, "startedBefore", "yesterday")), "startedBefore");
        assertRefused(400, revoke(admin, Map.of("userId", userId, "dryRun", "yes")), "dryRun");
        assertRefused(400, revoke(admin, Map.of("clientId", "no-such-client")), "clientId");
        assertRefused(400, revoke(admin, "{\"userId\": "), "JSON");
        assertRefused(400, revoke(admin, "[]"), "object");
        assertRefused(403, revoke(viewerToken, Map.of("userId", userId, "dryRun", true)), null);
        assertRefused(403, revoke(viewerToken, Map.of("ip", "127.0.0.0/8")), null);
        assertRefused(404, revoke(admin, Map.of("userId", "no-such-user")), "user");

        assertTrue(refreshes(API, alive), "a refused call ended a session");
    }

    private static void assertRefused(int status, Http.Response response, String named) {
        assertEquals(status, response.status(), response.toString());
        if (named != null) {
            assertTrue(
                    response.json().path("error").asText().contains(named),
                    "the message names " + named + ": " + response.body());
        }
    }
}
