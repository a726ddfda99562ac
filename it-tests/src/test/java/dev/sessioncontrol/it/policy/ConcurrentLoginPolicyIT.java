package dev.sessioncontrol.it.policy;

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
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Parallel;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The always-on listener with stock flows (no flow edited): each mode on real browser sign-ins and password
 * grants on a {@code Web} and a {@code Mobile} client, the exempt role, DenyNew without the authenticator,
 * the policy resource's validation, and the race of parallel sign-ins.
 */
class ConcurrentLoginPolicyIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final String SECRET = "secret";
    private static final String PASSWORD = "pw";

    private static BackchannelLogoutReceiver receiver;
    private SessionControlClient api;
    private static int users;

    @BeforeEach
    void setUp() {
        api = new SessionControlClient(realm());
        if (receiver != null) {
            return;
        }
        receiver = new BackchannelLogoutReceiver(realm());
        realm().createClient(ClientSpec.confidential(WEB, SECRET)
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url())
                .attribute("session-control.device-type", "Web"));
        realm().createClient(ClientSpec.confidential(MOBILE, SECRET)
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url())
                .attribute("session-control.device-type", "Mobile"));
        realm().createRealmRole("unlimited");
    }

    @AfterAll
    static void closeReceiver() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    private String newUser(String... roles) {
        String name = "user" + (++users);
        realm().createUser(name, PASSWORD, roles);
        return name;
    }

    private void policy(String json) {
        Http.putJson(api.adminUrl("/policy"), realm().adminToken(), Json.parse(json))
                .requireSuccess("setting the policy");
    }

    private Tokens browser(String clientId, String user, String userAgent) {
        return new Browser(realm(), userAgent).signIn(clientId, SECRET, Browser.REDIRECT_URI, user, PASSWORD);
    }

    private Tokens password(String clientId, String user) {
        return OAuth.passwordGrant(realm(), clientId, SECRET, user, PASSWORD, UserAgents.OKHTTP);
    }

    private boolean alive(String clientId, Tokens tokens) {
        OAuth.TokenResult refreshed = OAuth.refresh(realm(), clientId, SECRET, tokens.refreshToken());
        if (!refreshed.ok()) {
            assertEquals("invalid_grant", refreshed.error(), String.valueOf(refreshed.json()));
        }
        return refreshed.ok();
    }

    private Set<String> sessionIds(String username) {
        String userId = realm().userId(username);
        JsonNode page = api.adminGet(realm().adminToken(), "/users/" + userId + "/sessions?max=500")
                .requireSuccess("listing sessions")
                .json();
        Set<String> ids = new HashSet<>();
        Json.list(page.get("items")).forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    private void assertEndedByPolicy(Tokens ended, String mode, String deviceType, String replacedBy) {
        JsonNode logout = Events.await(realm(), "LOGOUT", ended.sessionId());
        assertEquals("concurrent-login-policy", logout.at("/details/reason").asText(), logout.toString());
        assertEquals(mode, logout.at("/details/policy").asText(), logout.toString());
        assertEquals(deviceType, logout.at("/details/device_type").asText(), logout.toString());
        assertEquals(replacedBy, logout.at("/details/replaced_by").asText(), logout.toString());
        BackchannelLogoutReceiver.LogoutToken token = receiver.awaitLogoutToken(
                Duration.ofSeconds(30), t -> ended.sessionId().equals(t.sid()));
        assertTrue(token.verified(), token.verificationError());
    }

    @Test
    void sameTypeEndsTheOlderWebSessionAndSparesMobile() {
        policy(
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":1,\"action\":\"TerminateOldest\",\"exemptRole\":null}");
        String user = newUser();
        Tokens web1 = browser(WEB, user, UserAgents.CHROME_DESKTOP);
        Tokens mobile = password(MOBILE, user);
        Tokens web2 = browser(WEB, user, UserAgents.FIREFOX_DESKTOP);

        assertEndedByPolicy(web1, "LogoutFromSameTypeDevices", "Web", web2.sessionId());
        assertTrue(!alive(WEB, web1));
        assertTrue(alive(MOBILE, mobile));
        assertTrue(alive(WEB, web2));
        assertEquals(Set.of(mobile.sessionId(), web2.sessionId()), sessionIds(user));
        assertTrue(receiver.received().stream()
                .noneMatch(t ->
                        mobile.sessionId().equals(t.sid()) || web2.sessionId().equals(t.sid())));
    }

    @Test
    void sameTypeKeepsTheNewestNOfAType() {
        policy(
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":2,\"action\":\"TerminateOldest\",\"exemptRole\":null}");
        String user = newUser();
        Tokens m1 = password(MOBILE, user);
        Tokens m2 = password(MOBILE, user);
        Tokens web = browser(WEB, user, UserAgents.CHROME_DESKTOP);
        assertEquals(Set.of(m1.sessionId(), m2.sessionId(), web.sessionId()), sessionIds(user));
        // Oldest = signed in first, to the millisecond: m1, even when m1 and m2 share Keycloak's start second.
        Tokens oldest = m1;
        Tokens kept = m2;
        Tokens m3 = password(MOBILE, user);

        assertEndedByPolicy(oldest, "LogoutFromSameTypeDevices", "Mobile", m3.sessionId());
        assertEquals(Set.of(kept.sessionId(), m3.sessionId(), web.sessionId()), sessionIds(user));
        assertTrue(alive(MOBILE, kept));
        assertFalse(alive(MOBILE, oldest));
    }

    @Test
    void allDevicesEndsEveryOtherSession() {
        policy("{\"mode\":\"LogoutFromAllDevices\",\"action\":\"TerminateOldest\",\"exemptRole\":null}");
        String user = newUser();
        Tokens web = browser(WEB, user, UserAgents.CHROME_DESKTOP);
        Tokens mobile = password(MOBILE, user);
        assertEndedByPolicy(web, "LogoutFromAllDevices", "Web", mobile.sessionId());
        Tokens latest = browser(WEB, user, UserAgents.SAFARI_MAC);
        assertEndedByPolicy(mobile, "LogoutFromAllDevices", "Mobile", latest.sessionId());

        assertTrue(!alive(WEB, web));
        assertTrue(!alive(MOBILE, mobile));
        assertTrue(alive(WEB, latest));
        assertEquals(Set.of(latest.sessionId()), sessionIds(user));
    }

    @Test
    void disabledEndsNothing() {
        policy("{\"mode\":\"Disabled\"}");
        String user = newUser();
        Tokens a = browser(WEB, user, UserAgents.CHROME_DESKTOP);
        Tokens b = browser(WEB, user, UserAgents.CHROME_DESKTOP);
        Tokens c = password(MOBILE, user);
        assertEquals(Set.of(a.sessionId(), b.sessionId(), c.sessionId()), sessionIds(user));
    }

    @Test
    void exemptRoleIsNotLimited() {
        policy("{\"mode\":\"LogoutFromAllDevices\",\"action\":\"TerminateOldest\",\"exemptRole\":\"unlimited\"}");
        String vip = newUser("unlimited");
        Tokens a = browser(WEB, vip, UserAgents.CHROME_DESKTOP);
        Tokens b = password(MOBILE, vip);
        Tokens c = password(WEB, vip);
        assertEquals(Set.of(a.sessionId(), b.sessionId(), c.sessionId()), sessionIds(vip));

        String regular = newUser();
        password(WEB, regular);
        Tokens last = password(MOBILE, regular);
        assertEquals(Set.of(last.sessionId()), sessionIds(regular));
    }

    /** Without the authenticator in the flow nothing can refuse a sign-in; the listener then ends nothing. */
    @Test
    void denyNewWithStockFlowsEndsNothing() {
        policy("{\"mode\":\"LogoutFromAllDevices\",\"action\":\"DenyNew\",\"exemptRole\":null}");
        String user = newUser();
        Tokens a = browser(WEB, user, UserAgents.CHROME_DESKTOP);
        Tokens b = password(MOBILE, user);
        assertEquals(Set.of(a.sessionId(), b.sessionId()), sessionIds(user));
        assertTrue(alive(WEB, a));
    }

    @Test
    void policyResourceReadsWritesAndRefusesBadInput() {
        policy(
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":3,\"action\":\"TerminateOldest\",\"exemptRole\":null}");
        JsonNode read = api.adminGet(realm().adminToken(), "/policy")
                .requireSuccess("reading")
                .json();
        assertEquals("LogoutFromSameTypeDevices", read.get("mode").asText());
        assertEquals(3, read.get("maxSessionsPerDeviceType").asInt());
        assertEquals("TerminateOldest", read.get("action").asText());

        Http.Response unknown =
                Http.putJson(api.adminUrl("/policy"), realm().adminToken(), Json.parse("{\"mode\":\"Never\"}"));
        assertEquals(400, unknown.status(), unknown.toString());
        assertEquals(
                "unknown mode 'Never'; use Disabled, LogoutFromSameTypeDevices or LogoutFromAllDevices",
                unknown.json().get("error").asText());

        Http.Response malformed = Http.send(Http.request(api.adminUrl("/policy"), realm().adminToken())
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"mode\":")));
        assertEquals(400, malformed.status(), malformed.toString());
        assertTrue(malformed.json().get("error").asText().startsWith("malformed JSON"), malformed.body());

        Http.Response badNumber = Http.putJson(
                api.adminUrl("/policy"), realm().adminToken(), Json.parse("{\"maxSessionsPerDeviceType\":-1}"));
        assertEquals(400, badNumber.status(), badNumber.toString());

        // Nothing changed by the refused requests.
        assertEquals(read, api.adminGet(realm().adminToken(), "/policy").json());
        assertTrue(
                realm().adminEvents().stream()
                        .anyMatch(e -> "UPDATE".equals(e.path("operationType").asText())
                                && e.path("resourcePath").asText().endsWith("session-control/policy")),
                "admin event");
    }

    /** 20 parallel sign-ins of one user: once all have finished exactly one session is left. */
    @RepeatedTest(3)
    void parallelSignInsLeaveExactlyOneSession() throws Exception {
        policy("{\"mode\":\"LogoutFromAllDevices\",\"action\":\"TerminateOldest\",\"exemptRole\":null}");
        String user = newUser();
        int parallel = 20;
        List<String> clients = IntStream.range(0, parallel)
                .mapToObj(i -> i % 2 == 0 ? WEB : MOBILE)
                .toList();
        List<Tokens> tokens = Parallel.atOnce(parallel, i -> () -> password(clients.get(i), user));
        Set<String> left = sessionIds(user);
        assertEquals(1, left.size(), "sessions left: " + left);
        int working = 0;
        for (int i = 0; i < parallel; i++) {
            if (alive(clients.get(i), tokens.get(i))) {
                working++;
                assertTrue(left.contains(tokens.get(i).sessionId()));
            }
        }
        assertEquals(1, working, "refresh tokens still working");
        receiver.assertOneLogoutForEachEnded(tokens, left, Duration.ofSeconds(10));
    }
}
