package dev.sessioncontrol.it;

import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The account theme's Sessions page, in real headless Chromium, as the signed-in user sees it. */
class AccountSessionsConsoleIT extends AbstractKeycloakIT {

    static String carolId;

    @BeforeAll
    static void realmWithThemes(TestRealm realm) {
        SessionsConsoleIT.useSessionControlThemes(realm);
        realm.createClient(ClientSpec.publicClient("web").redirectUris(Browser.REDIRECT_URI));
        carolId = realm.createUser("carol", "pw");
    }

    @Test
    void userSeesThisDeviceEndsAnotherSessionAndCannotEndTheCurrentOne() {
        Browser phone = new Browser(realm(), UserAgents.SAFARI_IPHONE);
        Tokens other = phone.signIn("web", Browser.REDIRECT_URI, "carol", "pw");

        try (WebBrowser browser = new WebBrowser()) {
            browser.open(realm().url() + "/account/");
            browser.signInIfAsked("carol", "pw");
            // Its own menu entry leads to the page.
            browser.awaitVisible(By.cssSelector("a[href$='/account/sessions']")).click();
            List<WebElement> items = browser.await(d -> {
                List<WebElement> found = d.findElements(testId("sc-account-session"));
                return found.size() == 2 ? found : null;
            });
            WebElement current = items.stream()
                    .filter(i -> "true".equals(i.getAttribute("data-current")))
                    .findFirst()
                    .orElseThrow();
            WebElement phoneItem = items.stream()
                    .filter(i -> other.sessionId().equals(i.getAttribute("data-session-id")))
                    .findFirst()
                    .orElseThrow();

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
            browser.byTestId("sc-confirm");
            browser.screenshot("account-sign-out-confirm");
            browser.byTestId("sc-confirm").click();
            browser.await(d -> d.findElements(testId("sc-account-session")).size() == 1 ? true : null);
            assertFalse(phone.ssoSessionAlive("web", Browser.REDIRECT_URI), "the other device is signed out");
            assertEquals(1, realm().userSessions(carolId).size(), "the current session stays");
        }
    }
}
