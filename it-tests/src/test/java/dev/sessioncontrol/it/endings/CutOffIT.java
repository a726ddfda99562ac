package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the answer of a bulk ending promises: every covered session unusable at once (refresh tokens regular and
 * offline, on every node, and the single sign-on cookie of another application, checked with {@code prompt=none}),
 * the caller's own session alive, whoever calls, however many sessions. Every application here is slow to answer
 * its back-channel logouts, so that the background cannot have ended the sessions before a test looks.
 */
@Tag("both")
class CutOffIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String SHOP = "shop";
    private static final String API = "api";
    private static final String CASDOOR_APP = "casdoor-app";
    private static final String CASDOOR_SECRET = "casdoor-secret";
    /** Long enough that the old 20-second first batch in the request could not have ended them all. */
    private static final int SESSIONS = 12;

    private static final Duration SLOW = Duration.ofSeconds(2);
    private static final Duration JOB = Duration.ofSeconds(120);

    private static BackchannelLogoutReceiver receiver;
    private static int users;

    @BeforeAll
    static void setUp(TestRealm realm) {
        receiver = new BackchannelLogoutReceiver(realm);
        applications(realm, receiver);
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
    }

    /** Two browser applications and an API, each told of its sessions' endings on a back-channel. */
    private static void applications(TestRealm realm, BackchannelLogoutReceiver receiver) {
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
        realm.createClient(ClientSpec.confidential(CASDOOR_APP, CASDOOR_SECRET)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url())
                .attribute("session-control.casdoor-api", "true"));
    }

    private TestRealm onLastNode(TestRealm realm) {
        List<KeycloakServer> nodes = cluster().nodes();
        return realm.on(nodes.get(nodes.size() - 1));
    }

    private String newUser() {
        String name = "cut" + (++users);
        realm().createUser(name, "pw");
        return name;
    }

    /** A user signed in to a browser application, and {@link #SESSIONS} times to the API (once offline). */
    private record SignedIn(Browser browser, List<Tokens> api) {}

    private static SignedIn signedIn(TestRealm realm, String user) {
        Browser browser = new Browser(realm, UserAgents.CHROME_DESKTOP);
        browser.signIn(WEB, Browser.REDIRECT_URI, user, "pw");
        List<Tokens> api = new ArrayList<>();
        api.add(OAuth.offlineGrant(realm, API, null, user, "pw", UserAgents.SAFARI_IPHONE));
        for (int i = 1; i < SESSIONS; i++) {
            api.add(OAuth.passwordGrant(realm, API, null, user, "pw", UserAgents.OKHTTP));
        }
        return new SignedIn(browser, api);
    }

    /**
     * Right after an answer: the browser's cookie no longer signs in to another application, and no refresh token of
     * the API works on the last node.
     */
    private void assertUnusable(TestRealm realm, SignedIn signedIn) {
        assertFalse(signedIn.browser().ssoSessionAlive(SHOP, Browser.REDIRECT_URI), "the cookie signs in");
        for (Tokens t : signedIn.api()) {
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(onLastNode(realm), API, null, t.refreshToken())
                            .error(),
                    "session " + t.sessionId() + " still refreshes");
        }
    }

    /** Lets the applications answer at once again and waits until the job of the answer has ended everything. */
    private static void awaitJob(TestRealm realm, BackchannelLogoutReceiver apps, JsonNode answer) {
        apps.fast();
        String job = answer.get("jobId").asText();
        Poll.until(
                "job " + job + " done",
                JOB,
                () -> realm.adminGet("/session-control/jobs/" + job)
                        .requireSuccess("job")
                        .json()
                        .get("done")
                        .asBoolean());
    }

    @Test
    void revokeAllByAnAdminOfTheRealmItselfCutsOffEveryTokenAndCookieButTheCallersSession() {
        try (TestRealm realm = TestRealm.create(server(), realm().name() + "-own");
                BackchannelLogoutReceiver slowApps = new BackchannelLogoutReceiver(realm)) {
            applications(realm, slowApps);
            realm.createUser("alice", "pw");
            String operatorId = realm.createUser("operator", "pw");
            realm.assignClientRole(operatorId, "realm-management", "manage-users");
            SignedIn alice = signedIn(realm, "alice");
            Browser operatorElsewhere = new Browser(realm, UserAgents.FIREFOX_DESKTOP);
            operatorElsewhere.signIn(WEB, Browser.REDIRECT_URI, "operator", "pw");
            Tokens operator = OAuth.passwordGrant(realm, API, null, "operator", "pw", UserAgents.CURL);
            slowApps.slow(SLOW);

            JsonNode answer = new SessionControlClient(realm)
                    .adminPost(operator.accessToken(), "/sessions/revoke-all")
                    .requireSuccess("revoke-all by the realm's own admin")
                    .json();

            assertUnusable(realm, alice);
            assertFalse(
                    operatorElsewhere.ssoSessionAlive(SHOP, Browser.REDIRECT_URI),
                    "the caller's other browser signs in");
            assertTrue(
                    OAuth.refresh(onLastNode(realm), API, null, operator.refreshToken())
                            .ok(),
                    "the caller's session lives on");
            assertEquals(
                    200,
                    new SessionControlClient(realm)
                            .adminGet(operator.accessToken(), "/sessions")
                            .status());
            assertTrue(slowApps.received().size() < SESSIONS, "the background had not ended them yet");
            assertTrue(answer.get("covered").asLong() >= SESSIONS + 2, answer.toString());

            awaitJob(realm, slowApps, answer);
            assertEquals(
                    "revoke-all",
                    Events.await(realm, "LOGOUT", alice.api().get(0).sessionId())
                            .at("/details/reason")
                            .asText());
        }
    }

    @Test
    void revokeAllByAnAdminOfMasterCutsOffCookiesAndOfflineTokensToo() {
        try (TestRealm realm = TestRealm.create(server(), realm().name() + "-master");
                BackchannelLogoutReceiver slowApps = new BackchannelLogoutReceiver(realm)) {
            applications(realm, slowApps);
            realm.createUser("bob", "pw");
            SignedIn bob = signedIn(realm, "bob");
            slowApps.slow(SLOW);

            JsonNode answer = Http.postJson(
                            realm.adminUrl() + "/session-control/sessions/revoke-all", realm.adminToken(), null)
                    .requireSuccess("revoke-all by master's admin")
                    .json();

            assertUnusable(realm, bob);
            awaitJob(realm, slowApps, answer);
        }
    }

    @Test
    void anAdminEndingAllOfAUsersSessionsMakesEveryOneUnusableBeforeTheAnswer() {
        String user = newUser();
        String userId =
                realm().admin().users().searchByUsername(user, true).get(0).getId();
        SignedIn signedIn = signedIn(realm(), user);
        String bystander = newUser();
        Tokens untouched = OAuth.passwordGrant(realm(), API, null, bystander, "pw", UserAgents.OKHTTP);
        receiver.slow(SLOW);

        JsonNode answer = realm().adminDelete("/session-control/users/" + userId + "/sessions")
                .requireSuccess("ending the user's sessions")
                .json();

        assertUnusable(realm(), signedIn);
        assertTrue(
                OAuth.refresh(onLastNode(realm()), API, null, untouched.refreshToken())
                        .ok(),
                "another user");
        awaitJob(realm(), receiver, answer);
    }

    @Test
    void theAccountsSignOutOfAllOtherSessionsEndsEveryOneBeforeTheAnswerAndKeepsTheCurrent() {
        String user = newUser();
        SignedIn others = signedIn(realm(), user);
        Tokens current = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.CURL);
        receiver.slow(SLOW);

        JsonNode answer = new SessionControlClient(realm())
                .accountDelete(current.accessToken(), "/sessions")
                .requireSuccess("signing out all other sessions")
                .json();

        assertUnusable(realm(), others);
        assertTrue(
                OAuth.refresh(onLastNode(realm()), API, null, current.refreshToken())
                        .ok(),
                "the current lives");
        assertEquals(0, answer.get("remaining").asLong(), answer.toString());
        receiver.fast();
    }

    @Test
    void casdoorSsoLogoutMakesEverySessionOfTheUserUnusableBeforeTheAnswer() {
        String user = newUser();
        SignedIn signedIn = signedIn(realm(), user);
        Tokens app = OAuth.passwordGrant(realm(), CASDOOR_APP, CASDOOR_SECRET, user, "pw", UserAgents.OKHTTP);
        receiver.slow(SLOW);

        Http.Response answer = CasdoorHttp.bearer(realm(), app.accessToken()).post("sso-logout", Map.of(), "");
        assertEquals("ok", answer.json().get("status").asText(), answer.body());

        assertUnusable(realm(), signedIn);
        receiver.fast();
    }
}
