package dev.sessioncontrol.it.pages;

import static dev.sessioncontrol.it.support.WebBrowser.testId;

import dev.sessioncontrol.it.support.WebBrowser;
import java.util.List;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** The session-control account console's Sessions page, as the signed-in user sees it: one item per session. */
public final class AccountSessionsPage {

    /** The page's entry in the account console's menu. */
    public static final By MENU_ENTRY = By.cssSelector("a[href$='/account/sessions']");

    private final WebBrowser browser;

    private AccountSessionsPage(WebBrowser browser) {
        this.browser = browser;
    }

    /** Opens the account console's start page, signs in if asked and follows the menu entry to the page. */
    public static AccountSessionsPage throughMenu(
            WebBrowser browser, String realmUrl, String username, String password) {
        browser.open(realmUrl + "/account/");
        browser.signInIfAsked(username, password);
        browser.awaitVisible(MENU_ENTRY).click();
        return new AccountSessionsPage(browser);
    }

    /** Opens the page at its own address, signing in if asked. */
    public static AccountSessionsPage open(WebBrowser browser, String realmUrl, String username, String password) {
        browser.open(realmUrl + "/account/sessions");
        browser.signInIfAsked(username, password);
        return new AccountSessionsPage(browser);
    }

    /** Waits until the page's session items satisfy the check, and answers them. */
    public List<WebElement> awaitItems(Predicate<List<WebElement>> check) {
        return browser.await(d -> {
            List<WebElement> found = d.findElements(testId("sc-account-session"));
            return check.test(found) ? found : null;
        });
    }

    /** Waits until the page shows exactly {@code count} sessions. */
    public List<WebElement> awaitCount(int count) {
        return awaitItems(items -> items.size() == count);
    }

    /** Waits until "Recently ended" has its answer and its items satisfy the check, and answers them. */
    public List<WebElement> awaitEnded(Predicate<List<WebElement>> check) {
        return browser.await(d -> {
            if (d.findElements(By.cssSelector("[data-testid='sc-recently-ended'][data-state='ready']"))
                    .isEmpty()) {
                return null;
            }
            List<WebElement> found =
                    d.findElement(testId("sc-recently-ended")).findElements(testId("sc-ended-session"));
            return check.test(found) ? found : null;
        });
    }

    /** The item of the session this browser is signed in with. */
    public static WebElement current(List<WebElement> items) {
        return items.stream()
                .filter(i -> "true".equals(i.getAttribute("data-current")))
                .findFirst()
                .orElseThrow();
    }

    public static WebElement withSessionId(List<WebElement> items, String sessionId) {
        return items.stream()
                .filter(i -> sessionId.equals(i.getAttribute("data-session-id")))
                .findFirst()
                .orElseThrow();
    }

    /** Signs out the session of this item, confirming in the page's dialog. */
    public void signOut(WebElement item) {
        item.findElement(testId("sc-signout-session")).click();
        confirmDialog().click();
    }

    /** The confirm button of the page's open dialog. */
    public WebElement confirmDialog() {
        return browser.byTestId("sc-confirm");
    }
}
