package dev.sessioncontrol.it.consoles;

import static dev.sessioncontrol.it.pages.AdminSessionsPage.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.pages.AdminSessionsPage;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import dev.sessioncontrol.it.support.WebBrowser;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Sign out matching" on the admin Sessions page, in real headless Chromium: the button takes the filters the page
 * shows, is off without one, its confirmation states the server's dry-run count and the filters, and confirming ends
 * exactly what matched (the rest stays), a large match with its remainder shown shrinking until it is done. The
 * toolbar keeps its two rows at 1280 px with the button in it.
 */
class SignOutMatchingConsoleIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final String SEEDED = "seeded";

    private static int users;

    @BeforeAll
    static void realmWithThemes(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(MOBILE)
                .standardFlow(false)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        realm.createClient(ClientSpec.publicClient(SEEDED).redirectUris(Browser.REDIRECT_URI));
        AdminSessionsPage.createRealmAdmin(realm);
    }

    /** A user of the calling test alone: "name-N". */
    private String user(String name) {
        String username = name + "-" + (++users);
        realm().createUser(username, "pw");
        return username;
    }

    @Test
    void theButtonTakesAFilterAndKeepsTheToolbarInTwoRowsAt1280Pixels() {
        new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, user("olga"), "pw");
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            page.awaitRows(r -> r.size() >= 2);
            browser.screenshot("admin-sessions-toolbar");
            assertFalse(page.signOutMatchingEnabled(), "no filter: \"Sign out everyone\" is the route");
            assertEquals(2, page.toolbarRows(), "the toolbar's two rows at 1280 px: " + page.toolbarItems());
            assertEquals(List.of(), browser.horizontalScrollbars(), "nothing scrolls sideways at 1280 px");

            page.select("sc-filter-type", "REGULAR");
            page.awaitRows(r -> !r.isEmpty());
            browser.await(d -> page.signOutMatchingEnabled() ? true : null);
            assertEquals(2, page.toolbarRows(), "with a filter set too");

            page.select("sc-filter-type", "");
            page.awaitRows(r -> r.size() >= 2);
            browser.await(d -> page.signOutMatchingEnabled() ? null : true);
        }
    }

    @Test
    void signsOutWhatTheFiltersMatchAndNothingElse() {
        String alice = user("alice");
        String aliceId = realm().userId(alice);
        String bob = user("bob");
        Browser aliceWeb = new Browser(realm(), UserAgents.CHROME_DESKTOP);
        aliceWeb.signIn(WEB, Browser.REDIRECT_URI, alice, "pw");
        Tokens aliceMobile = OAuth.passwordGrant(realm(), MOBILE, null, alice, "pw", UserAgents.CHROME_ANDROID);
        Tokens bobMobile = OAuth.passwordGrant(realm(), MOBILE, null, bob, "pw", UserAgents.CHROME_ANDROID);
        Tokens later;

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            page.awaitRows(r -> r.size() >= 4);

            // Three filters: the user, the device type and an address prefix.
            page.search(alice);
            page.select("sc-filter-device", "Mobile");
            page.filterBy("ip", "127.0.0.");
            page.awaitRows(r -> r.size() == 1 && aliceMobile.sessionId().equals(attr(r.get(0), "data-session-id")));

            // Signed in after the page loaded: the dry run counts it, as the ending will cover it.
            later = OAuth.passwordGrant(realm(), MOBILE, null, alice, "pw", UserAgents.SAFARI_IPHONE);
            String body = page.openSignOutMatching();
            assertTrue(body.startsWith("2 sessions match these filters"), body);
            for (String filter : List.of(alice, "Mobile", "127.0.0.")) {
                assertTrue(body.contains(filter), "the confirmation names the filter " + filter + ": " + body);
            }
            assertEquals(
                    "Sign out 2 sessions", page.confirmButton("revoke-matching").getText());
            browser.screenshot("admin-sign-out-matching");
            page.confirm("revoke-matching");

            page.awaitRows(List::isEmpty);
        }
        for (Tokens ended : List.of(aliceMobile, later)) {
            assertEquals(
                    400,
                    OAuth.refresh(realm(), MOBILE, null, ended.refreshToken()).status());
        }
        assertEquals(
                200,
                OAuth.refresh(realm(), MOBILE, null, bobMobile.refreshToken()).status(),
                "bob's stays");
        assertTrue(aliceWeb.ssoSessionAlive(WEB, Browser.REDIRECT_URI), "alice's browser did not match");
        assertEquals(1, realm().userSessions(aliceId).size(), "only alice's browser session is left");
    }

    @Test
    void aLargeMatchShowsTheRemainderShrinkingUntilDone() {
        Http.postJson(
                        realm().url() + "/session-seeder/seed?users=10&perUser=60&clientId=" + SEEDED + "&prefix=many-",
                        realm().adminToken(),
                        null)
                .requireSuccess("seeding");
        Browser keeper = new Browser(realm(), UserAgents.FIREFOX_DESKTOP);
        keeper.signIn(WEB, Browser.REDIRECT_URI, user("keeper"), "pw");

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            page.filterBy("clientId", SEEDED);
            page.awaitRows(r -> r.size() == 10);

            String body = page.openSignOutMatching();
            assertTrue(body.startsWith("600 sessions match these filters"), body);
            assertTrue(body.contains(SEEDED), body);
            page.confirm("revoke-matching");

            // Three batches: the answer leaves a remainder, shown at once, then followed until it is done.
            long first = page.awaitEndingProgressDone();
            assertTrue(first > 0, "a remainder was shown: " + first);
            assertTrue(browser.byTestId("sc-ending-progress").getText().contains("Done"));
            page.awaitRows(List::isEmpty);
        }
        assertEquals(
                0,
                realm().adminGet("/session-control/sessions/count?clientId=" + SEEDED)
                        .requireSuccess("count")
                        .json()
                        .get("count")
                        .asLong());
        assertTrue(keeper.ssoSessionAlive(WEB, Browser.REDIRECT_URI), "a session of another client stays");
    }
}
