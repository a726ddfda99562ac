package dev.sessioncontrol.it.consoles;

import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.WebBrowser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * Installing the extension changes nothing for realms that keep Keycloak's own themes: the stock admin
 * and account consoles load and work there.
 */
class StockConsolesIT extends AbstractKeycloakIT {

    @BeforeAll
    static void users(TestRealm realm) {
        String admin = realm.createUser("stockadmin", "pw");
        realm.assignClientRole(admin, "realm-management", "realm-admin");
        realm.createUser("dave", "pw");
    }

    @Test
    void stockAdminConsoleStillServesItsSessionsPage() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.open(realm().server().baseUrl() + "/admin/" + realm().name() + "/console/");
            browser.signInIfAsked("stockadmin", "pw");
            browser.awaitVisible(By.cssSelector("#page-sidebar, nav"));
            assertTrue(
                    browser.driver().getPageSource().contains("/admin/keycloak.v2/"),
                    "the stock console's own build is loaded");
            browser.script("window.location.hash = arguments[0];", "/" + realm().name() + "/sessions");
            browser.await(d -> d.findElements(By.cssSelector("h1")).stream()
                            .anyMatch(h -> h.getText().contains("Sessions"))
                    ? true
                    : null);
            assertTrue(browser.driver().findElements(testId("sc-sessions-page")).isEmpty(), "not our page");
            browser.screenshot("stock-admin-sessions");
        }
    }

    @Test
    void stockAccountConsoleStillWorks() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.open(realm().url() + "/account/");
            browser.signInIfAsked("dave", "pw");
            browser.awaitVisible(By.cssSelector(
                    "a[href$='/account/account-security/device-activity'], " + "[data-testid='accountSecurity']"));
            assertTrue(
                    browser.driver().getPageSource().contains("/account/keycloak.v3/"),
                    "the stock console's own build is loaded");
            assertTrue(
                    browser.driver()
                            .findElements(By.cssSelector("a[href$='/account/sessions']"))
                            .isEmpty(),
                    "no Sessions entry of ours");
            browser.awaitVisible(By.id("username"));
            browser.screenshot("stock-account");
        }
    }
}
