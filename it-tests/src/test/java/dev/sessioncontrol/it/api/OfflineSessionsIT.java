package dev.sessioncontrol.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Offline sessions, what {@code offline_access} leaves behind, are sessions like the others: listed, filtered and
 * counted with their type, shown to their user, ended by every route (their offline refresh token then fails and the
 * client hears of it), counted by the policy. On both topologies; on the cluster the requests alternate between the
 * nodes.
 */
@Tag("both")
class OfflineSessionsIT extends AbstractKeycloakIT {

    private static final String MOBILE = "mobile";
    private static final String SECRET = "secret";
    private static final String OFFLINE = "openid offline_access";

    private static BackchannelLogoutReceiver receiver;
    private static int users;

    @BeforeEach
    void setUp() {
        if (receiver != null) {
            return;
        }
        receiver = new BackchannelLogoutReceiver(realm());
        realm().createClient(ClientSpec.confidential(MOBILE, SECRET)
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url())
                .attribute("session-control.device-type", "Mobile")
                .casdoorApi());
    }

    @AfterAll
    static void closeReceiver() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    /** On a cluster the second node; else the only one. */
    private TestRealm other() {
        return cluster().nodes().size() > 1 ? realm().on(cluster().node(1)) : realm();
    }

    private String newUser() {
        String name = "offline" + (++users);
        realm().createUser(name, "pw");
        return name;
    }

    private Tokens offline(TestRealm on, String user) {
        return OAuth.offlineGrant(on, MOBILE, SECRET, user, "pw", UserAgents.OKHTTP);
    }

    private JsonNode admin(TestRealm on, String path) {
        return Http.get(on.adminUrl() + "/session-control" + path, on.adminToken())
                .requireSuccess(path)
                .json();
    }

    private static Set<String> types(JsonNode items, String id) {
        Set<String> types = new HashSet<>();
        Json.list(items).stream()
                .filter(s -> id.equals(s.get("id").asText()))
                .forEach(s -> types.add(s.get("type").asText()));
        return types;
    }

    /** The offline refresh token is dead, its client was told, the event says why and which type ended. */
    private void assertEnded(Tokens t, String reason) {
        OAuth.TokenResult refresh = OAuth.refresh(other(), MOBILE, SECRET, t.refreshToken());
        assertEquals("invalid_grant", refresh.error(), "the offline token is dead: " + refresh);
        receiver.awaitLogoutToken(Duration.ofSeconds(10), token -> t.sessionId().equals(token.sid()));
        Set<String> ended = new HashSet<>();
        Poll.until("a LOGOUT event for the offline session", Duration.ofSeconds(10), () -> {
            realm().userEvents("LOGOUT").stream()
                    .filter(e -> t.sessionId().equals(e.path("sessionId").asText()))
                    .forEach(e -> {
                        assertEquals(reason, e.at("/details/reason").asText(), e.toString());
                        ended.add(e.at("/details/session_type").asText());
                    });
            return ended.contains("OFFLINE");
        });
    }

    @Test
    void offlineSignInsAreListedFilteredCountedAndShownToTheirUser() {
        String user = newUser();
        Tokens password = offline(realm(), user);
        Tokens firstOffline = new Browser(realm(), UserAgents.CHROME_ANDROID)
                .scope(OFFLINE)
                .signIn(MOBILE, SECRET, Browser.REDIRECT_URI, user, "pw");
        // Offline access asked for from an existing single sign-on session: both forms, one id.
        Browser phone = new Browser(other(), UserAgents.CHROME_ANDROID);
        Tokens online = phone.signIn(MOBILE, SECRET, Browser.REDIRECT_URI, user, "pw");
        Tokens browser = phone.scope(OFFLINE).signIn(MOBILE, SECRET, Browser.REDIRECT_URI, user, "pw");
        assertEquals(online.sessionId(), browser.sessionId(), "the same single sign-on session");
        assertEquals(
                "Offline", Json.jwtClaims(password.refreshToken()).path("typ").asText(), "an offline token");

        JsonNode all = admin(other(), "/sessions?userId=" + realm().userId(user) + "&max=50");
        assertEquals(
                Set.of("OFFLINE"),
                types(all.get("items"), password.sessionId()),
                "a password grant with offline_access: Keycloak keeps only the offline session");
        assertEquals(
                Set.of("OFFLINE"),
                types(all.get("items"), firstOffline.sessionId()),
                "a first sign-in for offline access through the browser: the same");
        assertEquals(
                Set.of("REGULAR", "OFFLINE"),
                types(all.get("items"), browser.sessionId()),
                "offline access from a single sign-on session: both forms, one id");
        assertEquals(4, all.get("total").asLong());
        JsonNode offlineOnly = admin(realm(), "/sessions?userId=" + realm().userId(user) + "&type=OFFLINE");
        assertEquals(3, offlineOnly.get("total").asLong());
        assertEquals(
                1,
                admin(realm(), "/sessions?userId=" + realm().userId(user) + "&type=REGULAR")
                        .get("total")
                        .asLong());
        assertEquals(
                1,
                admin(other(), "/sessions/count?userId=" + realm().userId(user) + "&type=REGULAR")
                        .get("count")
                        .asLong());
        assertTrue(
                Json.list(offlineOnly.get("items")).stream()
                        .allMatch(s -> "OFFLINE".equals(s.get("type").asText())
                                && "Mobile".equals(s.get("deviceType").asText())),
                "typed, with the device type: " + offlineOnly);
        assertEquals(
                400,
                Http.get(realm().adminUrl() + "/session-control/sessions?type=ONLINE", realm().adminToken())
                        .status(),
                "an unknown type is refused");

        JsonNode stats = admin(other(), "/stats");
        assertTrue(stats.at("/byType/OFFLINE").asLong() >= 3, stats.toString());
        assertEquals(
                stats.get("total").asLong(),
                stats.at("/byType/OFFLINE").asLong()
                        + stats.at("/byType/REGULAR").asLong());

        JsonNode own = Json.parse(Http.get(realm().url() + "/session-control/account/sessions", password.accessToken())
                .requireSuccess("own sessions")
                .body());
        assertEquals(Set.of("REGULAR", "OFFLINE"), types(own, browser.sessionId()), "the user sees them");
    }

    private void assertEndsOffline(String reason, Consumer<Tokens> ending) {
        String user = newUser();
        Tokens t = offline(realm(), user);
        Tokens keep = offline(other(), newUser());
        ending.accept(t);
        assertEnded(t, reason);
        assertTrue(OAuth.refresh(realm(), MOBILE, SECRET, keep.refreshToken()).ok(), "another user's offline lives");
    }

    @Test
    void anAdminEndsOneOfflineSession() {
        assertEndsOffline(
                "revoked-by-admin",
                t -> Http.delete(
                                other().adminUrl() + "/session-control/sessions/" + t.sessionId(), other().adminToken())
                        .requireSuccess("ending"));
    }

    @Test
    void anAdminEndsAllOfAUsersSessionsOfflineIncluded() {
        assertEndsOffline(
                "revoked-by-admin",
                t -> Http.delete(
                                realm().adminUrl() + "/session-control/users/"
                                        + Json.jwtClaims(t.accessToken())
                                                .get("sub")
                                                .asText() + "/sessions",
                                realm().adminToken())
                        .requireSuccess("ending"));
    }

    @Test
    void aUserEndsTheirOfflineSessionAndSignsOutAllOthers() {
        String user = newUser();
        Tokens current = OAuth.passwordGrant(realm(), MOBILE, SECRET, user, "pw", UserAgents.OKHTTP);
        Tokens one = offline(other(), user);
        Tokens two = offline(realm(), user);
        Http.delete(realm().url() + "/session-control/account/sessions/" + one.sessionId(), current.accessToken())
                .requireSuccess("ending one");
        assertEnded(one, "revoked-by-user");
        Http.delete(other().url() + "/session-control/account/sessions", current.accessToken())
                .requireSuccess("ending all others");
        assertEnded(two, "revoked-by-user");
        assertTrue(
                OAuth.refresh(realm(), MOBILE, SECRET, current.refreshToken()).ok(), "the current one lives");
    }

    @Test
    void casdoorEndsOfflineSessionsOfARecordAndOnSingleSignOut() {
        assertEndsOffline(
                "casdoor-api",
                t -> CasdoorHttp.client(other(), MOBILE, SECRET)
                        .post(
                                "delete-session",
                                Map.of("sessionId", t.sessionId()),
                                CasdoorHttp.body(
                                        realm().name(),
                                        Json.jwtClaims(t.accessToken())
                                                .get("preferred_username")
                                                .asText(),
                                        MOBILE)));
        assertEndsOffline(
                "casdoor-api",
                t -> CasdoorHttp.client(realm(), MOBILE, SECRET)
                        .post(
                                "delete-session",
                                Map.of(),
                                CasdoorHttp.body(
                                        realm().name(),
                                        Json.jwtClaims(t.accessToken())
                                                .get("preferred_username")
                                                .asText(),
                                        MOBILE)));
        assertEndsOffline(
                "sso-logout", t -> CasdoorHttp.bearer(other(), t.accessToken()).post("sso-logout", Map.of(), ""));
    }

    @Test
    void sameTypePolicyEndsAnOlderOfflineMobileSessionOnANewOfflineMobileSignIn() {
        setPolicy(
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":1,\"action\":\"TerminateOldest\","
                        + "\"exemptRole\":null}");
        try {
            String user = newUser();
            Tokens older = offline(realm(), user);
            Tokens newer = offline(other(), user);
            assertEnded(older, "concurrent-login-policy");
            assertTrue(
                    OAuth.refresh(realm(), MOBILE, SECRET, newer.refreshToken()).ok(), "the new one lives");
        } finally {
            setPolicy("{\"mode\":\"Disabled\"}");
        }
    }

    @Test
    void policyEndsBothFormsOfASignInBeforeTheNewSignInReturns() {
        setPolicy(
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":1,\"action\":\"TerminateOldest\","
                        + "\"exemptRole\":null}");
        try {
            String user = newUser();
            Browser phone = new Browser(realm(), UserAgents.CHROME_ANDROID);
            Tokens online = phone.signIn(MOBILE, SECRET, Browser.REDIRECT_URI, user, "pw");
            Tokens offline = phone.scope(OFFLINE).signIn(MOBILE, SECRET, Browser.REDIRECT_URI, user, "pw");
            assertEquals(online.sessionId(), offline.sessionId(), "both forms of one sign-in");

            Tokens newer = offline(other(), user);

            // Right after the new sign-in returned, on either node: neither form of the older sign-in works.
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(realm(), MOBILE, SECRET, online.refreshToken())
                            .error(),
                    "the regular form is ended");
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(other(), MOBILE, SECRET, offline.refreshToken())
                            .error(),
                    "the offline form is ended");
            assertTrue(
                    OAuth.refresh(realm(), MOBILE, SECRET, newer.refreshToken()).ok(), "the new one lives");
            receiver.awaitLogoutToken(
                    Duration.ofSeconds(10), token -> online.sessionId().equals(token.sid()));
            Set<String> ended = new HashSet<>();
            Poll.until("LOGOUT events for both forms", Duration.ofSeconds(10), () -> {
                realm().userEvents("LOGOUT").stream()
                        .filter(e ->
                                online.sessionId().equals(e.path("sessionId").asText()))
                        .forEach(e -> {
                            assertEquals(
                                    "concurrent-login-policy",
                                    e.at("/details/reason").asText(),
                                    e.toString());
                            assertEquals(
                                    newer.sessionId(),
                                    e.at("/details/replaced_by").asText(),
                                    e.toString());
                            ended.add(e.at("/details/session_type").asText());
                        });
                return ended.equals(Set.of("REGULAR", "OFFLINE"));
            });
        } finally {
            setPolicy("{\"mode\":\"Disabled\"}");
        }
    }

    @Test
    void rapidSignInsKeepExactlyTheNewestN() {
        setPolicy(
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":2,\"action\":\"TerminateOldest\","
                        + "\"exemptRole\":null}");
        try {
            String user = newUser();
            List<Tokens> signIns = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // Within a second or two: Keycloak's start second alone cannot order them.
                signIns.add(OAuth.passwordGrant(
                        i % 2 == 0 ? realm() : other(), MOBILE, SECRET, user, "pw", UserAgents.OKHTTP));
            }
            Set<String> left = new HashSet<>();
            Json.list(admin(realm(), "/sessions?userId=" + realm().userId(user)).get("items"))
                    .forEach(s -> left.add(s.get("id").asText()));
            assertEquals(
                    Set.of(signIns.get(2).sessionId(), signIns.get(3).sessionId()),
                    left,
                    "the two newest sign-ins are kept");
        } finally {
            setPolicy("{\"mode\":\"Disabled\"}");
        }
    }

    private void setPolicy(String json) {
        Http.putJson(realm().adminUrl() + "/session-control/policy", realm().adminToken(), Json.parse(json))
                .requireSuccess("policy");
    }
}
