package dev.sessioncontrol.it.consoles;

import static dev.sessioncontrol.it.pages.AdminSessionsPage.attr;
import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.pages.AccountSessionsPage;
import dev.sessioncontrol.it.pages.AdminSessionsPage;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.UserAgents;
import dev.sessioncontrol.it.support.WebBrowser;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * The consoles at the sizes people use them and in their language: the admin table at 1280 px without a
 * horizontal scrollbar (the rest of a session in its expandable row), both pages at 390 px (the account menu
 * collapses behind its toggle), and both pages in German and Japanese for users whose locale is set so.
 */
class ConsoleLayoutAndLanguageIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final Path BUNDLES = Path.of("../theme/src/main/resources/theme/session-control");

    @BeforeAll
    static void realm(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.adminPut(
                        "",
                        Json.object()
                                .put("internationalizationEnabled", true)
                                .put("defaultLocale", "en")
                                .set("supportedLocales", Json.parse("[\"en\", \"de\", \"ja\"]")))
                .requireSuccess("enabling German and Japanese");
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(MOBILE)
                .redirectUris(Browser.REDIRECT_URI)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        for (String[] user : new String[][] {{"admin-en", "en"}, {"admin-de", "de"}, {"admin-ja", "ja"}}) {
            String id = realm.createUser(user[0], "pw");
            realm.assignClientRole(id, "realm-management", "realm-admin");
            realm.setLocale(id, user[1]);
        }
        for (String[] user : new String[][] {{"anna", "en"}, {"hans", "de"}, {"yuki", "ja"}}) {
            realm.setLocale(realm.createUser(user[0], "pw"), user[1]);
        }
        // Sessions worth showing: several browsers, an app, an offline token.
        for (String user : List.of("anna", "hans", "yuki")) {
            new Browser(realm, UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, user, "pw");
            OAuth.offlineGrant(realm, MOBILE, null, user, "pw", UserAgents.SAFARI_IPHONE);
        }
    }

    private AdminSessionsPage adminConsole(WebBrowser browser, String admin) {
        browser.open(
                realm().server().baseUrl() + "/admin/" + realm().name() + "/console/#/" + realm().name() + "/sessions");
        browser.signInIfAsked(admin, "pw");
        browser.byTestId("sc-sessions-page");
        return new AdminSessionsPage(browser);
    }

    private void accountPage(WebBrowser browser, String user) {
        AccountSessionsPage.open(browser, realm().url(), user, "pw").awaitItems(items -> items.size() >= 2);
    }

    @Test
    void adminTableFits1280PixelsAndShowsTheRestInTheExpandableRow() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AdminSessionsPage page = adminConsole(browser, "admin-en");
            List<WebElement> rows = page.awaitRows(r -> r.size() >= 6);
            assertEquals(List.of(), browser.horizontalScrollbars(), "nothing scrolls sideways at 1280 px");
            assertEquals("", page.tableClipped(), "nor is the table cut off by the console's main area");

            WebElement first = rows.get(0);
            browser.click(first.findElement(By.cssSelector("td.pf-v5-c-table__toggle button")));
            WebElement details = browser.awaitVisible(testId("sc-details"));
            String sessionId = attr(first, "data-session-id");
            assertTrue(details.getText().contains(sessionId), "the expanded row shows the whole session id");
            assertTrue(
                    details.getText().contains("Started") && details.getText().contains("Expires"));
            assertEquals(List.of(), browser.horizontalScrollbars(), "nor with a row expanded");
            browser.screenshot("admin-sessions-details");
        }
    }

    @Test
    void bothPagesWorkAt390Pixels() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(390, 844);
            accountPage(browser, "anna");
            assertEquals(List.of(), browser.horizontalScrollbars(), "the account page fits 390 px");
            WebElement menuLink = browser.driver().findElement(AccountSessionsPage.MENU_ENTRY);
            assertFalse(menuLink.isDisplayed(), "the account menu is collapsed");
            browser.click(browser.awaitVisible(By.cssSelector("header button[aria-expanded]")));
            // Open, and slid in all the way (the side menu moves in over the page).
            browser.await(d -> menuLink.isDisplayed()
                            && ((Number) browser.script("return arguments[0].getBoundingClientRect().left;", menuLink))
                                            .doubleValue()
                                    >= 0
                    ? true
                    : null);
            browser.screenshot("account-sessions-390-menu");
            browser.click(browser.awaitVisible(By.cssSelector("header button[aria-expanded]")));
            browser.await(d -> !menuLink.isDisplayed() ? true : null);
            browser.screenshot("account-sessions-390");
        }
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(390, 844);
            List<WebElement> rows = adminConsole(browser, "admin-en").awaitRows(r -> r.size() >= 6);
            assertTrue(rows.get(0).isDisplayed());
            assertEquals(List.of(), browser.horizontalScrollbars(), "the admin Sessions page fits 390 px");
            browser.screenshot("admin-sessions-390");
        }
    }

    @Test
    void germanUsersGetGermanPages() {
        pagesIn("de", "admin-de", "hans");
    }

    @Test
    void japaneseUsersGetJapanesePages() {
        pagesIn("ja", "admin-ja", "yuki");
    }

    private void pagesIn(String locale, String admin, String user) {
        Properties adminBundle = bundle("admin", locale);
        Properties accountBundle = bundle("account", locale);
        try (WebBrowser browser = new WebBrowser()) {
            adminConsole(browser, admin).awaitRows(r -> !r.isEmpty());
            String revokeAll = adminBundle.getProperty("sessionControlRevokeAll");
            browser.await(d -> revokeAll.equals(
                            d.findElement(testId("sc-signout-everyone")).getText())
                    ? true
                    : null);
            String page = browser.pageText();
            for (String key :
                    List.of("sessionControlColBrowserOs", "sessionControlColDeviceType", "sessionControlFilterUser")) {
                String text = adminBundle.getProperty(key);
                assertTrue(
                        page.contains(text) || browser.driver().getPageSource().contains(text),
                        key + " in " + locale + ": " + text);
            }
            browser.screenshot("admin-sessions-" + locale);
        }
        try (WebBrowser browser = new WebBrowser()) {
            accountPage(browser, user);
            String signOutOthers = accountBundle.getProperty("sessionControlSignOutOthers");
            browser.await(d -> signOutOthers.equals(
                            d.findElement(testId("sc-signout-others")).getText())
                    ? true
                    : null);
            assertTrue(browser.pageText().contains(accountBundle.getProperty("sessionControlAccountHelp")));
            browser.screenshot("account-sessions-" + locale);
        }
    }

    private static Properties bundle(String console, String locale) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                BUNDLES.resolve(console).resolve("messages/messages_" + locale + ".properties"),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
