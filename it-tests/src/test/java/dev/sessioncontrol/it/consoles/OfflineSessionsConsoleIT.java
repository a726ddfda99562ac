package dev.sessioncontrol.it.consoles;

import static dev.sessioncontrol.it.pages.AdminSessionsPage.REALM_ADMIN;
import static dev.sessioncontrol.it.pages.AdminSessionsPage.attr;
import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.pages.AccountSessionsPage;
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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Offline sessions in both consoles, in real headless Chromium: the admin finds them by the type filter, sees the
 * badge and ends one; the user sees "Offline access" on the account page and signs it out; an emergency sign-out
 * too large for one request shows its remainder shrinking. Each ending is checked on the offline token itself.
 */
class OfflineSessionsConsoleIT extends AbstractKeycloakIT {

    private static final String APP = "mobile";
    private static final String WEB = "web";
    private static int users;

    @BeforeAll
    static void realmWithThemes(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(APP)
                .standardFlow(false)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        AdminSessionsPage.createRealmAdmin(realm);
    }

    private String user(String name) {
        String username = name + "-" + (++users);
        realm().createUser(username, "pw");
        return username;
    }

    @Test
    void adminFindsAnOfflineSessionByTypeSeesTheBadgeAndEndsIt() {
        String dana = user("dana");
        Tokens offline = OAuth.offlineGrant(realm(), APP, null, dana, "pw", UserAgents.OKHTTP);
        new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, dana, "pw");

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            page.search(dana);
            List<WebElement> both = page.awaitRows(r -> r.size() == 2);
            // Keycloak's parse of each User-Agent, as a person reads it: an app's HTTP library by its client.
            for (WebElement r : both) {
                String device = r.findElement(testId("sc-device")).getText();
                String expected =
                        offline.sessionId().equals(attr(r, "data-session-id")) ? APP : "Chrome 131 \u00b7 Windows 10";
                assertEquals(expected, device);
            }

            page.select("sc-filter-type", "OFFLINE");
            List<WebElement> rows = page.awaitRows(r -> r.size() == 1 && "OFFLINE".equals(attr(r.get(0), "data-type")));
            WebElement row = rows.get(0);
            assertEquals(offline.sessionId(), attr(row, "data-session-id"));
            WebElement badge = row.findElement(testId("sc-offline-badge"));
            assertEquals("Offline", badge.getText());
            browser.click(badge);
            browser.await(d -> d.findElements(By.cssSelector(".pf-v5-c-tooltip")).stream()
                            .anyMatch(t -> t.getText().contains("offline token"))
                    ? true
                    : null);
            browser.screenshot("admin-offline-session");

            browser.click(row.findElement(testId("sc-end-session-" + offline.sessionId())));
            page.confirm("end-session");
            page.awaitRows(List::isEmpty);
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(realm(), APP, null, offline.refreshToken()).error(),
                    "the offline token is revoked");

            page.select("sc-filter-type", "REGULAR");
            page.awaitRows(r -> r.size() == 1
                    && r.get(0).findElements(testId("sc-offline-badge")).isEmpty());
        }
    }

    @Test
    void userSeesOfflineAccessOnTheAccountPageAndSignsItOut() {
        String erin = user("erin");
        Tokens offline = OAuth.offlineGrant(realm(), APP, null, erin, "pw", UserAgents.OKHTTP);

        try (WebBrowser browser = new WebBrowser()) {
            AccountSessionsPage account = AccountSessionsPage.throughMenu(browser, realm().url(), erin, "pw");
            List<WebElement> items = account.awaitCount(2);
            WebElement app = AccountSessionsPage.withSessionId(items, offline.sessionId());
            assertEquals("OFFLINE", app.getAttribute("data-type"));
            assertEquals(
                    "Offline access",
                    app.findElement(testId("sc-offline-badge")).getText());
            WebElement current = AccountSessionsPage.current(items);
            assertTrue(current.findElements(testId("sc-offline-badge")).isEmpty());
            assertEquals(APP, app.findElement(testId("sc-device")).getText());
            String here = current.findElement(testId("sc-device")).getText();
            assertTrue(
                    here.startsWith("HeadlessChrome ")
                            && here.contains(" \u00b7 Linux")
                            && !here.contains("Unknown")
                            && !here.contains("Other"),
                    here);
            browser.screenshot("account-offline-session");

            account.signOut(app);
            account.awaitCount(1);
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(realm(), APP, null, offline.refreshToken()).error(),
                    "the offline token is revoked");
        }
    }

    @Test
    void signOutEveryoneShowsTheRemainderShrinkingUntilDone() {
        Http.postJson(
                        realm().url() + "/session-seeder/seed?users=10&perUser=60&clientId=" + WEB + "&prefix=many-",
                        realm().adminToken(),
                        null)
                .requireSuccess("seeding");
        Tokens offline = OAuth.offlineGrant(realm(), APP, null, user("fay"), "pw", UserAgents.OKHTTP);

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            page.awaitRows(r -> !r.isEmpty());
            browser.byTestId("sc-signout-everyone").click();
            page.confirm("revoke-all");

            // More than one batch: the answer leaves a remainder, shown at once, then followed until it is done.
            WebElement progress = browser.awaitVisible(testId("sc-ending-progress"));
            long first = Long.parseLong(progress.getAttribute("data-remaining"));
            assertTrue(first > 0, "a remainder is shown: " + progress.getText());
            browser.screenshot("admin-sign-out-everyone-progress");
            String job = progress.getAttribute("data-job-id");
            try {
                browser.await(
                        d -> d.findElements(By.cssSelector("[data-testid='sc-ending-progress'][data-remaining='0']"))
                                        .isEmpty()
                                ? null
                                : true);
            } catch (org.openqa.selenium.TimeoutException e) {
                throw new AssertionError(
                        "The page did not show the ending done; the job: "
                                + Http.get(realm().adminUrl() + "/session-control/jobs/" + job, realm().adminToken())
                                        .body()
                                + "; the page: "
                                + browser.pageText(),
                        e);
            }
            assertTrue(browser.byTestId("sc-ending-progress").getText().contains("Done"));
            page.awaitRows(r -> r.size() == 1 && REALM_ADMIN.equals(attr(r.get(0), "data-username")));
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(realm(), APP, null, offline.refreshToken()).error());
        }
        realm().awaitPastCutOff();
    }
}
