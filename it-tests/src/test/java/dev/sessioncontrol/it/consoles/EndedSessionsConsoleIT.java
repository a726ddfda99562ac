package dev.sessioncontrol.it.consoles;

import static dev.sessioncontrol.it.pages.AdminSessionsPage.endedSessionId;
import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.pages.AccountSessionsPage;
import dev.sessioncontrol.it.pages.AdminSessionsPage;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import dev.sessioncontrol.it.support.WebBrowser;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The ended sessions in real headless Chromium: on the realm's Sessions page ("Ended", with its reason and user
 * filters), in the user's Sessions tab (that user's only) and on the account page ("Recently ended", the caller's
 * own), each with the reason in words, in English and in German; and what the views say when the realm keeps no
 * sign-out events.
 */
class EndedSessionsConsoleIT extends AbstractKeycloakIT {

    private static final String WEB = "web";

    /** dora's session an admin ended, the one she signed out of in the application, and erik's he ended himself. */
    private static String byAdmin;

    private static String inApp;
    private static String byUser;
    private static String doraId;

    @BeforeAll
    static void endedSessions(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.adminPut(
                        "",
                        Json.object()
                                .put("internationalizationEnabled", true)
                                .put("defaultLocale", "en")
                                .set("supportedLocales", Json.parse("[\"en\", \"de\"]")))
                .requireSuccess("enabling German");
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        AdminSessionsPage.createRealmAdmin(realm);
        String adminDe = realm.createUser("admin-de", "pw");
        realm.assignClientRole(adminDe, "realm-management", "realm-admin");
        realm.setLocale(adminDe, "de");
        doraId = realm.createUser("dora", "pw");
        realm.setLocale(realm.createUser("hanna", "pw"), "de");
        realm.createUser("erik", "pw");

        byAdmin = new Browser(realm, UserAgents.CHROME_DESKTOP)
                .signIn(WEB, Browser.REDIRECT_URI, "dora", "pw")
                .sessionId();
        realm.adminDelete("/session-control/sessions/" + byAdmin).requireSuccess("an admin ends dora's session");
        Tokens app = new Browser(realm, UserAgents.SAFARI_IPHONE).signIn(WEB, Browser.REDIRECT_URI, "dora", "pw");
        inApp = app.sessionId();
        assertEquals(204, OAuth.logout(realm, WEB, null, app.refreshToken()), "dora signs out in the application");
        Tokens erik = new Browser(realm, UserAgents.FIREFOX_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "erik", "pw");
        Tokens erikOther =
                new Browser(realm, UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "erik", "pw");
        byUser = erikOther.sessionId();
        new SessionControlClient(realm)
                .accountDelete(erik.accessToken(), "/sessions/" + byUser)
                .requireSuccess("erik ends his other session");
        // The German user's history: one session an admin ended.
        String hannaSession = new Browser(realm, UserAgents.CHROME_DESKTOP)
                .signIn(WEB, Browser.REDIRECT_URI, "hanna", "pw")
                .sessionId();
        realm.adminDelete("/session-control/sessions/" + hannaSession).requireSuccess("an admin ends hanna's session");
        for (String id : List.of(byAdmin, inApp, byUser, hannaSession)) {
            Events.await(realm, "LOGOUT", id);
        }
    }

    private static Map<String, WebElement> byId(List<WebElement> rows, Function<WebElement, String> id) {
        return rows.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
    }

    private static String reason(WebElement row) {
        return row.findElement(testId("sc-ended-reason")).getText();
    }

    @Test
    void realmPageShowsEndedSessionsWithTheirReasonsAndFiltersThem() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            page.awaitRows(rows -> !rows.isEmpty());
            page.showEnded();
            Map<String, WebElement> rows = byId(
                    page.awaitEndedRows(r -> byId(r, AdminSessionsPage::endedSessionId)
                            .keySet()
                            .containsAll(List.of(byAdmin, inApp, byUser))),
                    AdminSessionsPage::endedSessionId);
            assertEquals("Signed out by an administrator", reason(rows.get(byAdmin)));
            assertEquals("Signed out in an application", reason(rows.get(inApp)));
            assertEquals("Signed out by the user", reason(rows.get(byUser)));
            String adminRow = rows.get(byAdmin).getText();
            assertTrue(adminRow.contains("dora"), adminRow);
            assertTrue(adminRow.contains("Chrome") && adminRow.contains("Windows"), "which device: " + adminRow);
            assertTrue(adminRow.contains("127.0.0.1"), "where: " + adminRow);
            assertTrue(adminRow.contains(WEB), "which application: " + adminRow);
            assertEquals(List.of(), browser.horizontalScrollbars(), "nothing scrolls sideways at 1280 px");
            assertEquals("", page.tableClipped(), "nor is the table cut off");
            browser.screenshot("admin-ended-sessions");

            page.endedReason("revoked-by-user");
            List<WebElement> byReason = page.awaitEndedRows(r -> r.size() == 1);
            assertEquals(byUser, endedSessionId(byReason.get(0)));

            page.endedReason("");
            page.endedUser("dora");
            List<WebElement> dora = page.awaitEndedRows(r ->
                    r.size() == 2 && r.stream().allMatch(row -> row.getText().contains("dora")));
            assertEquals(
                    List.of(inApp, byAdmin),
                    dora.stream().map(AdminSessionsPage::endedSessionId).toList(),
                    "newest first");
        }
    }

    @Test
    void userTabShowsThatUsersEndedSessions() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/users/" + doraId + "/sessions");
            browser.byTestId("sc-user-sessions");
            page.showEnded();
            List<WebElement> rows = page.awaitEndedRows(r -> r.size() == 2);
            assertEquals(
                    List.of(inApp, byAdmin),
                    rows.stream().map(AdminSessionsPage::endedSessionId).toList());
            browser.screenshot("admin-user-ended-sessions");
        }
    }

    @Test
    void accountPageShowsTheCallersRecentlyEndedSessionsInPlainWords() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AccountSessionsPage page = AccountSessionsPage.open(browser, realm().url(), "dora", "pw");
            page.awaitCount(1);
            Map<String, WebElement> ended =
                    byId(page.awaitEnded(items -> items.size() == 2), item -> item.getAttribute("data-session-id"));
            assertEquals("Signed out by an administrator", reason(ended.get(byAdmin)));
            assertEquals("Signed out in an application", reason(ended.get(inApp)));
            browser.script("arguments[0].scrollIntoView();", browser.byTestId("sc-recently-ended"));
            browser.screenshot("account-recently-ended");
        }
    }

    @Test
    void germanUsersReadTheReasonsInGerman() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.open(realm().server().baseUrl() + "/admin/" + realm().name() + "/console/#/" + realm().name()
                    + "/sessions");
            browser.signInIfAsked("admin-de", "pw");
            AdminSessionsPage page = new AdminSessionsPage(browser);
            page.awaitRows(rows -> true);
            page.showEnded();
            page.endedReason("revoked-by-admin");
            List<WebElement> rows = page.awaitEndedRows(r -> r.size() == 2);
            assertEquals("Von einem Administrator abgemeldet", reason(rows.get(0)));
            assertTrue(browser.pageText().contains("Beendet"), "the toggle and the column in German");
            browser.screenshot("admin-ended-sessions-de");
        }
        try (WebBrowser browser = new WebBrowser()) {
            AccountSessionsPage page = AccountSessionsPage.open(browser, realm().url(), "hanna", "pw");
            List<WebElement> ended = page.awaitEnded(items -> items.size() == 1);
            assertEquals("Von einem Administrator abgemeldet", reason(ended.get(0)));
            assertTrue(browser.pageText().contains("Kürzlich beendet"));
        }
    }

    @Test
    void withoutStoredEventsTheViewsSayHowToTurnTheHistoryOn() {
        realm().adminPut("", Json.object().put("eventsEnabled", false)).requireSuccess("events off");
        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            page.awaitRows(rows -> true);
            page.showEnded();
            page.awaitEndedRows(List::isEmpty);
            String off = browser.awaitVisible(testId("sc-history-off")).getText();
            assertTrue(off.contains("Realm settings") && off.contains("LOGOUT"), off);
        }
        // Another browser: the admin's single sign-on would answer for the account console of the same realm.
        try (WebBrowser browser = new WebBrowser()) {
            AccountSessionsPage account = AccountSessionsPage.open(browser, realm().url(), "erik", "pw");
            account.awaitItems(items -> !items.isEmpty());
            String accountOff =
                    browser.await(d -> d
                            .findElements(
                                    By.cssSelector("[data-testid='sc-recently-ended'] [data-testid='sc-history-off']"))
                            .stream()
                            .map(WebElement::getText)
                            .findFirst()
                            .orElse(null));
            assertTrue(accountOff.contains("LOGOUT"), accountOff);
        } finally {
            realm().adminPut("", Json.object().put("eventsEnabled", true)).requireSuccess("events on");
        }
    }
}
