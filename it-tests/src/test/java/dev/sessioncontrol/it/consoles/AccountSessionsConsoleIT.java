package dev.sessioncontrol.it.consoles;

import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.pages.AccountSessionsPage;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import dev.sessioncontrol.it.support.WebBrowser;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** The account theme's Sessions page, in real headless Chromium, as the signed-in user sees it. */
class AccountSessionsConsoleIT extends AbstractKeycloakIT {

    static String carolId;

    @BeforeAll
    static void realmWithThemes(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.createClient(ClientSpec.publicClient("web").redirectUris(Browser.REDIRECT_URI));
        carolId = realm.createUser("carol", "pw");
    }

    @Test
    void userSeesThisDeviceEndsAnotherSessionAndCannotEndTheCurrentOne() {
        Browser phone = new Browser(realm(), UserAgents.SAFARI_IPHONE);
        Tokens other = phone.signIn("web", Browser.REDIRECT_URI, "carol", "pw");

        try (WebBrowser browser = new WebBrowser()) {
            // Its own menu entry leads to the page.
            AccountSessionsPage page = AccountSessionsPage.throughMenu(browser, realm().url(), "carol", "pw");
            List<WebElement> items = page.awaitCount(2);
            WebElement current = AccountSessionsPage.current(items);
            WebElement phoneItem = AccountSessionsPage.withSessionId(items, other.sessionId());

            assertFalse(current.findElements(testId("sc-this-device")).isEmpty(), "This device badge");
            assertTrue(phoneItem.findElements(testId("sc-this-device")).isEmpty());
            String masked = phoneItem.findElement(testId("sc-masked-id")).getText();
            assertEquals("…" + other.sessionId().substring(other.sessionId().length() - 8), masked);

            WebElement currentButton = current.findElement(testId("sc-signout-session"));
            assertEquals(
                    "true", currentButton.getAttribute("aria-disabled"), "current session cannot be signed out here");
            assertTrue(current.getText().contains("Use Sign out to leave this device"));
            browser.screenshot("account-sessions");

            assertTrue(phone.ssoSessionAlive("web", Browser.REDIRECT_URI));
            phoneItem.findElement(testId("sc-signout-session")).click();
            WebElement confirm = page.confirmDialog();
            browser.screenshot("account-sign-out-confirm");
            confirm.click();
            page.awaitCount(1);
            assertFalse(phone.ssoSessionAlive("web", Browser.REDIRECT_URI), "the other device is signed out");
            assertEquals(1, realm().userSessions(carolId).size(), "the current session stays");
        }
    }
}
