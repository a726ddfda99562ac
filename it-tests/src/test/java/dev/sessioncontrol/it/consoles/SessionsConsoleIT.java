package dev.sessioncontrol.it.consoles;

import static dev.sessioncontrol.it.pages.AdminSessionsPage.attr;
import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.pages.AdminSessionsPage;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import dev.sessioncontrol.it.support.WebBrowser;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The admin theme in real headless Chromium against the running server: a realm admin works the Sessions page,
 * the user's Sessions tab, the policy and client tabs. Every page also leaves a screenshot (docs/screenshots).
 * Each test signs in users of its own and leaves the realm's settings as it found them, so the tests do not depend
 * on their order; waits are for what the page shows, never fixed sleeps.
 */
class SessionsConsoleIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final String API = "api";
    private static final String ADMIN = AdminSessionsPage.REALM_ADMIN;

    private static int users;

    @BeforeAll
    static void realmWithThemes(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(MOBILE)
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        realm.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
        AdminSessionsPage.createRealmAdmin(realm);
    }

    /** A user of the calling test alone: "name-N". */
    private String user(String name) {
        String username = name + "-" + (++users);
        realm().createUser(username, "pw");
        return username;
    }

    /** Every live online session of the realm, counted through Keycloak's own per-user API. */
    private long liveSessionsInRealm() {
        return Json.list(realm().adminGet("/users?max=1000")
                        .requireSuccess("users")
                        .json())
                .stream()
                .mapToLong(u -> realm().userSessions(u.get("id").asText()).size())
                .sum();
    }

    @Test
    void adminFiltersEndsOneSessionByItsTagAndCannotEndOwn() {
        String bob = user("bob");
        String alice = user("alice");
        Browser bobWeb = new Browser(realm(), UserAgents.CHROME_DESKTOP);
        Tokens bobWebTokens = bobWeb.signIn(WEB, Browser.REDIRECT_URI, bob, "pw");
        Tokens bobOauth = OAuth.passwordGrant(realm(), API, null, bob, "pw", UserAgents.OKHTTP);
        new Browser(realm(), UserAgents.FIREFOX_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, alice, "pw");
        OAuth.passwordGrant(realm(), MOBILE, null, alice, "pw", UserAgents.OKHTTP);

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            browser.byTestId("sc-sessions-page");
            page.awaitRows(r -> r.size() >= 5);
            browser.screenshot("admin-sessions");

            // Filter by user.
            page.search(bob);
            page.awaitRows(r -> r.size() == 2 && r.stream().allMatch(e -> bob.equals(attr(e, "data-username"))));

            // ... and by device type.
            page.select("sc-filter-device", "OAuth");
            List<WebElement> oauthRows =
                    page.awaitRows(r -> r.size() == 1 && "OAuth".equals(attr(r.get(0), "data-device-type")));
            assertEquals(bobOauth.sessionId(), attr(oauthRows.get(0), "data-session-id"));

            page.select("sc-filter-device", "Web");
            List<WebElement> webRows = page.awaitRows(
                    r -> r.size() == 1 && bobWebTokens.sessionId().equals(attr(r.get(0), "data-session-id")));

            // End bob's browser session by the × on its tag, confirming.
            assertTrue(bobWeb.ssoSessionAlive(WEB, Browser.REDIRECT_URI));
            browser.click(webRows.get(0).findElement(testId("sc-end-session-" + bobWebTokens.sessionId())));
            browser.byTestId("sc-confirm-body");
            browser.screenshot("admin-end-session-confirm");
            page.confirm("end-session");
            page.awaitRows(List::isEmpty);
            assertFalse(bobWeb.ssoSessionAlive(WEB, Browser.REDIRECT_URI), "the ended browser is signed out");
            assertEquals(
                    400,
                    OAuth.refresh(realm(), WEB, null, bobWebTokens.refreshToken())
                            .status());

            // The admin's own current session: listed, but its control is disabled with an explanation.
            page.select("sc-filter-device", "");
            page.search(ADMIN);
            // Other tests of the class may have left console sessions of the admin: the current one is marked.
            List<WebElement> adminRows = page.awaitRows(r -> !r.isEmpty()
                    && r.stream().allMatch(e -> ADMIN.equals(attr(e, "data-username")))
                    && r.stream()
                            .anyMatch(e ->
                                    !e.findElements(testId("sc-own-session")).isEmpty()));
            WebElement own = adminRows.stream()
                    .filter(e -> !e.findElements(testId("sc-own-session")).isEmpty())
                    .findFirst()
                    .orElseThrow();
            String ownId = attr(own, "data-session-id");
            assertEquals(
                    1,
                    adminRows.stream()
                            .filter(e ->
                                    !e.findElements(testId("sc-own-session")).isEmpty())
                            .count(),
                    "exactly one row is marked as your session");
            assertTrue(
                    browser.driver()
                            .findElements(testId("sc-end-session-" + ownId))
                            .isEmpty(),
                    "no × on the admin's own session");
            browser.click(browser.driver().findElement(testId("sc-own-session")));
            browser.await(d -> d.findElements(By.cssSelector(".pf-v5-c-tooltip")).stream()
                            .anyMatch(t -> t.getText().contains("cannot be ended here"))
                    ? true
                    : null);
            browser.screenshot("admin-own-session");
        }
    }

    @Test
    void signOutEveryoneStatesTheCount() {
        new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, user("alice"), "pw");
        Browser bob = new Browser(realm(), UserAgents.SAFARI_MAC);
        String bobName = user("bob");
        bob.signIn(WEB, Browser.REDIRECT_URI, bobName, "pw");

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            page.awaitRows(r -> r.size() >= 3);
            // Signed in after the page loaded: the confirmation must count them too.
            OAuth.passwordGrant(realm(), API, null, bobName, "pw", UserAgents.OKHTTP);
            OAuth.passwordGrant(realm(), MOBILE, null, bobName, "pw", UserAgents.OKHTTP);
            long live = liveSessionsInRealm();

            browser.byTestId("sc-signout-everyone").click();
            String body = browser.byTestId("sc-confirm-body").getText();
            assertTrue(body.contains(" " + live + " "), "the confirmation states the count " + live + ": " + body);
            assertTrue(page.confirmButton("revoke-all").getText().contains("(" + live + " "));
            browser.screenshot("admin-sign-out-everyone");
            page.confirm("revoke-all");

            // Everyone else is signed out; the admin is still in and sees only their own session.
            page.awaitRows(r -> r.size() == 1 && ADMIN.equals(attr(r.get(0), "data-username")));
            // The sessions end in the background job; its last batch may commit a moment after the page's reload.
            dev.sessioncontrol.it.support.Poll.until(
                    "bob's browser is signed out",
                    java.time.Duration.ofSeconds(10),
                    () -> !bob.ssoSessionAlive(WEB, Browser.REDIRECT_URI));
            assertEquals(1, liveSessionsInRealm(), "only the admin's own session is left");
        }
        realm().awaitPastCutOff();
    }

    @Test
    void userDetailsSessionsTabShowsOneUsersSessions() {
        String alice = user("alice");
        String aliceId = realm().userId(alice);
        String bob = user("bob");
        String bobId = realm().userId(bob);
        Tokens web = new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, alice, "pw");
        Tokens mobile = OAuth.passwordGrant(realm(), MOBILE, null, alice, "pw", UserAgents.CHROME_ANDROID);
        new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, bob, "pw");

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/users/" + aliceId + "/sessions");
            browser.byTestId("sc-user-sessions");
            List<WebElement> rows = page.awaitRows(r -> r.size() == 2);
            assertEquals(
                    java.util.Set.of(web.sessionId(), mobile.sessionId()),
                    java.util.Set.of(attr(rows.get(0), "data-session-id"), attr(rows.get(1), "data-session-id")));
            assertTrue(rows.stream().allMatch(r -> alice.equals(attr(r, "data-username"))));
            browser.screenshot("admin-user-sessions");

            browser.byTestId("sc-signout-user").click();
            page.confirm("end-user");
            page.awaitRows(List::isEmpty);
            assertEquals(0, realm().userSessions(aliceId).size());
            assertEquals(1, realm().userSessions(bobId).size(), "other users keep their sessions");
        }
    }

    @Test
    void clientDetailsSetTheClientsDeviceType() {
        String clientId = "desk-" + (++users);
        String uuid = realm().createClient(ClientSpec.publicClient(clientId).redirectUris(Browser.REDIRECT_URI));
        String bob = user("bob");
        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/clients/" + uuid + "/session-control");
            WebElement input = browser.byTestId("sc-device-type");
            input.clear();
            input.sendKeys("Desktop");
            // The Casdoor-compatible API switch (off for a new client), saved with the device type.
            WebElement casdoorApi = browser.awaitVisible(By.cssSelector("label[for='casdoorApi']"));
            assertFalse(browser.driver().findElement(By.id("casdoorApi")).isSelected(), "off by default");
            browser.click(casdoorApi);
            browser.byTestId("sc-device-type-save").click();
            browser.await(d -> {
                JsonNode attributes =
                        realm().adminGet("/clients/" + uuid).json().path("attributes");
                return "Desktop"
                                        .equals(attributes
                                                .path("session-control.device-type")
                                                .asText())
                                && "true"
                                        .equals(attributes
                                                .path(ClientSpec.CASDOOR_API_ATTRIBUTE)
                                                .asText())
                        ? true
                        : null;
            });
            browser.screenshot("admin-client-device-type");
        }
        Tokens next = new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(clientId, Browser.REDIRECT_URI, bob, "pw");
        JsonNode view = realm().adminGet("/session-control/sessions/" + next.sessionId())
                .requireSuccess("view")
                .json();
        assertEquals("Desktop", view.get("deviceType").asText(), "the next sign-in follows the client's device type");
    }

    @Test
    void policyTabShows() {
        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/realm-settings/session-policy");
            browser.await(d -> !d.findElements(testId("sc-policy-tab")).isEmpty()
                            || !d.findElements(testId("sc-policy-error")).isEmpty()
                    ? true
                    : null);
            browser.awaitVisible(By.cssSelector("[data-testid='rs-session-policy-tab'], #session-policy"));
            browser.screenshot("admin-session-policy");
        }
    }

    @Test
    void policyTabSavesAndTheNextSignInFollowsIt() {
        String bob = user("bob");
        String bobId = realm().userId(bob);
        try {
            try (WebBrowser browser = new WebBrowser()) {
                AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
                page.go("/" + realm().name() + "/realm-settings/session-policy");
                browser.byTestId("sc-policy-tab");
                // Keycloak's select control: its toggle, then the option.
                browser.click(browser.awaitVisible(By.cssSelector("[data-testid='sc-policy-tab'] button#mode")));
                browser.click(browser.awaitVisible(By.xpath(
                        "//*[@data-testid='select-mode']//button[normalize-space()='Sign out all other sessions']")));
                browser.byTestId("sc-policy-save").click();
                browser.await(d -> d.findElements(By.cssSelector(".pf-v5-c-alert__title")).stream()
                                .anyMatch(a -> a.getText().contains("Session policy saved"))
                        ? true
                        : null);
                browser.screenshot("admin-session-policy");
            }
            assertEquals(
                    "LogoutFromAllDevices",
                    realm().adminGet("/session-control/policy")
                            .requireSuccess("policy")
                            .json()
                            .get("mode")
                            .asText());
            Tokens first = OAuth.passwordGrant(realm(), API, null, bob, "pw", UserAgents.OKHTTP);
            Tokens second =
                    new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, bob, "pw");
            List<JsonNode> sessions = realm().userSessions(bobId);
            assertEquals(1, sessions.size(), "the next sign-in ended the other session");
            assertEquals(second.sessionId(), sessions.get(0).get("id").asText());
            assertEquals(
                    400, OAuth.refresh(realm(), API, null, first.refreshToken()).status());
        } finally {
            // The other tests of this class sign in several times per user: leave the policy off.
            realm().adminPut("/session-control/policy", Json.object().put("mode", "Disabled"))
                    .requireSuccess("switching the policy off again");
        }
    }
}
