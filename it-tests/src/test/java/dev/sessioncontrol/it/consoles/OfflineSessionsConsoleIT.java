package dev.sessioncontrol.it;

import static dev.sessioncontrol.it.SessionsConsoleIT.ADMIN;
import static dev.sessioncontrol.it.SessionsConsoleIT.adminSignIn;
import static dev.sessioncontrol.it.SessionsConsoleIT.attr;
import static dev.sessioncontrol.it.SessionsConsoleIT.awaitRows;
import static dev.sessioncontrol.it.SessionsConsoleIT.go;
import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.support.ui.Select;

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
        SessionsConsoleIT.useSessionControlThemes(realm);
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(APP)
                .standardFlow(false)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        String admin = realm.createUser(ADMIN, "pw");
        realm.assignClientRole(admin, "realm-management", "realm-admin");
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
            adminSignIn(browser, realm());
            go(browser, "/" + realm().name() + "/sessions");
            browser.awaitVisible(By.cssSelector("[data-testid='sc-filter-search'] input"))
                    .sendKeys(dana);
            browser.byTestId("sc-apply-filters").click();
            List<WebElement> both = awaitRows(browser, r -> r.size() == 2);
            // Keycloak's parse of each User-Agent, as a person reads it: an app's HTTP library by its client.
            for (WebElement r : both) {
                String device = r.findElement(testId("sc-device")).getText();
                String expected =
                        offline.sessionId().equals(attr(r, "data-session-id")) ? APP : "Chrome 131 \u00b7 Windows 10";
                assertEquals(expected, device);
            }

            new Select(browser.byTestId("sc-filter-type")).selectByValue("OFFLINE");
            List<WebElement> rows =
                    awaitRows(browser, r -> r.size() == 1 && "OFFLINE".equals(attr(r.get(0), "data-type")));
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
            SessionsConsoleIT.confirm(browser, "end-session");
            awaitRows(browser, List::isEmpty);
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(realm(), APP, null, offline.refreshToken()).error(),
                    "the offline token is revoked");

            new Select(browser.byTestId("sc-filter-type")).selectByValue("REGULAR");
            awaitRows(
                    browser,
                    r -> r.size() == 1
                            && r.get(0).findElements(testId("sc-offline-badge")).isEmpty());
        }
    }

    @Test
    void userSeesOfflineAccessOnTheAccountPageAndSignsItOut() {
        String erin = user("erin");
        Tokens offline = OAuth.offlineGrant(realm(), APP, null, erin, "pw", UserAgents.OKHTTP);

        try (WebBrowser browser = new WebBrowser()) {
            browser.open(realm().url() + "/account/");
            browser.signInIfAsked(erin, "pw");
            browser.awaitVisible(By.cssSelector("a[href$='/account/sessions']")).click();
            List<WebElement> items = browser.await(d -> {
                List<WebElement> found = d.findElements(testId("sc-account-session"));
                return found.size() == 2 ? found : null;
            });
            WebElement app = items.stream()
                    .filter(i -> offline.sessionId().equals(i.getAttribute("data-session-id")))
                    .findFirst()
                    .orElseThrow();
            assertEquals("OFFLINE", app.getAttribute("data-type"));
            assertEquals(
                    "Offline access",
                    app.findElement(testId("sc-offline-badge")).getText());
            WebElement current = items.stream()
                    .filter(i -> "true".equals(i.getAttribute("data-current")))
                    .findFirst()
                    .orElseThrow();
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

            app.findElement(testId("sc-signout-session")).click();
            browser.byTestId("sc-confirm").click();
            browser.await(d -> d.findElements(testId("sc-account-session")).size() == 1 ? true : null);
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
            adminSignIn(browser, realm());
            go(browser, "/" + realm().name() + "/sessions");
            awaitRows(browser, r -> !r.isEmpty());
            browser.byTestId("sc-signout-everyone").click();
            SessionsConsoleIT.confirm(browser, "revoke-all");

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
            awaitRows(browser, r -> r.size() == 1 && ADMIN.equals(attr(r.get(0), "data-username")));
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(realm(), APP, null, offline.refreshToken()).error());
        }
        realm().awaitPastCutOff();
    }
}
