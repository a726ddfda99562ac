package dev.sessioncontrol.it.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Casdoor's sso-logout: the token's user signed out everywhere by default, or only the token's session. */
class CasdoorSsoLogoutIT extends AbstractKeycloakIT {

    private static final String WEB = "web-app";
    private static final String WEB_SECRET = "web-secret";
    private static final String MOBILE = "mobile-app";
    private static final String MOBILE_SECRET = "mobile-secret";
    /** Back-channel logout is synchronous; this only bounds a wait that should never happen. */
    private static final Duration NOTICE = Duration.ofSeconds(60);

    private static BackchannelLogoutReceiver receiver;

    @BeforeAll
    static void setUp(TestRealm realm) {
        receiver = new BackchannelLogoutReceiver(realm);
        realm.createClient(ClientSpec.confidential(WEB, WEB_SECRET)
                .directAccessGrants(true)
                .backchannelLogoutUrl(receiver.url())
                .casdoorApi());
        realm.createClient(ClientSpec.confidential(MOBILE, MOBILE_SECRET)
                .directAccessGrants(true)
                .casdoorApi());
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private Tokens signIn(String user, String client, String secret) {
        return OAuth.passwordGrant(realm(), client, secret, user, "pw", null);
    }

    private Set<String> liveSessions(String username) {
        String id =
                realm().admin().users().searchByUsername(username, true).get(0).getId();
        return realm().userSessions(id).stream().map(s -> s.get("id").asText()).collect(Collectors.toSet());
    }

    private static void assertOkWithoutData(Http.Response response) {
        assertEquals(200, response.status(), response.toString());
        assertEquals("ok", response.json().get("status").asText(), response.body());
        assertTrue(response.json().get("data").isNull(), response.body());
    }

    @Test
    void byDefaultEverySessionOfTheUserEndsWithBackchannelLogout() {
        realm().createUser("ann", "pw");
        Tokens web = signIn("ann", WEB, WEB_SECRET);
        Tokens mobile = signIn("ann", MOBILE, MOBILE_SECRET);
        CasdoorHttp.client(realm(), WEB, WEB_SECRET)
                .post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "ann", WEB, "app-registered"));

        assertOkWithoutData(CasdoorHttp.bearer(realm(), mobile.accessToken()).post("sso-logout", Map.of(), ""));

        assertEquals(Set.of(), liveSessions("ann"));
        BackchannelLogoutReceiver.LogoutToken notice =
                receiver.awaitLogoutToken(NOTICE, t -> web.sessionId().equals(t.sid()));
        assertTrue(notice.verified(), notice.verificationError());
        assertEquals(
                "sso-logout",
                Events.await(realm(), "LOGOUT", web.sessionId())
                        .at("/details/reason")
                        .asText());
        assertEquals(
                "sso-logout",
                Events.await(realm(), "LOGOUT", mobile.sessionId())
                        .at("/details/reason")
                        .asText());
        assertFalse(OAuth.refresh(realm(), WEB, WEB_SECRET, web.refreshToken()).ok());
        assertFalse(OAuth.refresh(realm(), MOBILE, MOBILE_SECRET, mobile.refreshToken())
                .ok());
        Http.Response record = CasdoorHttp.client(realm(), WEB, WEB_SECRET)
                .get("get-session", Map.of("sessionPkId", realm().name() + "/ann/" + WEB));
        assertTrue(record.json().get("data").isNull(), record.body());
    }

    @Test
    void logoutAllTrueOrOneEndsEverySession() {
        for (String value : List.of("true", "1")) {
            String user = "bea-" + value;
            realm().createUser(user, "pw");
            Tokens web = signIn(user, WEB, WEB_SECRET);
            Tokens mobile = signIn(user, MOBILE, MOBILE_SECRET);

            assertOkWithoutData(
                    CasdoorHttp.bearer(realm(), web.accessToken()).get("sso-logout", Map.of("logoutAll", value)));

            assertEquals(Set.of(), liveSessions(user), value);
            receiver.awaitLogoutToken(NOTICE, t -> web.sessionId().equals(t.sid()));
            assertFalse(OAuth.refresh(realm(), MOBILE, MOBILE_SECRET, mobile.refreshToken())
                    .ok());
        }
    }

    @Test
    void logoutAllFalseEndsOnlyTheTokensSession() {
        realm().createUser("cleo", "pw");
        Tokens web = signIn("cleo", WEB, WEB_SECRET);
        Tokens mobile = signIn("cleo", MOBILE, MOBILE_SECRET);

        assertOkWithoutData(
                CasdoorHttp.bearer(realm(), web.accessToken()).post("sso-logout", Map.of("logoutAll", "false"), ""));

        assertEquals(Set.of(mobile.sessionId()), liveSessions("cleo"));
        receiver.awaitLogoutToken(NOTICE, t -> web.sessionId().equals(t.sid()));
        assertEquals(
                "sso-logout",
                Events.await(realm(), "LOGOUT", web.sessionId())
                        .at("/details/reason")
                        .asText());
        assertTrue(OAuth.refresh(realm(), MOBILE, MOBILE_SECRET, mobile.refreshToken())
                .ok());
    }

    @Test
    void withoutAValidTokenItAnswersOkAndEndsNothing() {
        realm().createUser("dora", "pw");
        Tokens web = signIn("dora", WEB, WEB_SECRET);

        assertOkWithoutData(CasdoorHttp.anonymous(realm()).post("sso-logout", Map.of(), ""));
        assertOkWithoutData(CasdoorHttp.anonymous(realm()).get("sso-logout", Map.of("access_token", "not-a-token")));
        assertOkWithoutData(CasdoorHttp.client(realm(), WEB, WEB_SECRET).get("sso-logout", Map.of()));

        assertEquals(Set.of(web.sessionId()), liveSessions("dora"));
        assertTrue(receiver.received().stream().noneMatch(t -> web.sessionId().equals(t.sid())));
    }
}
