package dev.sessioncontrol.it.pages;

import static dev.sessioncontrol.it.support.WebBrowser.testId;

import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.WebBrowser;
import java.util.List;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The session-control admin console of a realm: its Sessions page (the table, its filters and confirmations) and the
 * tabs the theme adds elsewhere, reached by the console's hash routes.
 */
public final class AdminSessionsPage {

    /** The realm admin the console tests sign in as (see {@link #createRealmAdmin}). */
    public static final String REALM_ADMIN = "realmadmin";

    public static final String REALM_ADMIN_PASSWORD = "pw";

    /** The table's session rows (KeycloakDataTable's; each carries our sc-session marker in a cell). */
    private static final By SESSION_ROWS =
            By.cssSelector("[data-testid='sc-sessions-table'] tr:has([data-testid='sc-session'])");

    private final WebBrowser browser;

    /** The console already open in {@code browser} (signed in by the caller). */
    public AdminSessionsPage(WebBrowser browser) {
        this.browser = browser;
    }

    /** Creates {@link #REALM_ADMIN} with the realm-admin role; answers its id. */
    public static String createRealmAdmin(TestRealm realm) {
        String id = realm.createUser(REALM_ADMIN, REALM_ADMIN_PASSWORD);
        realm.assignClientRole(id, "realm-management", "realm-admin");
        return id;
    }

    /** Signs {@link #REALM_ADMIN} in to the admin console of the realm and waits for it to load. */
    public static AdminSessionsPage signIn(WebBrowser browser, TestRealm realm) {
        browser.open(realm.server().baseUrl() + "/admin/" + realm.name() + "/console/");
        browser.signInIfAsked(REALM_ADMIN, REALM_ADMIN_PASSWORD);
        try {
            browser.awaitVisible(By.cssSelector("#page-sidebar, nav"));
        } catch (TimeoutException e) {
            browser.screenshot("failure-admin-sign-in");
            throw new AssertionError("The admin console did not load: " + browser.pageText(), e);
        }
        return new AdminSessionsPage(browser);
    }

    /** Goes to a route of the console, e.g. {@code /realm/sessions}. */
    public AdminSessionsPage go(String hashPath) {
        browser.script("window.location.hash = arguments[0];", hashPath);
        return this;
    }

    /** Waits until the table has its answer (the page says "ready") and its rows satisfy the check. */
    public List<WebElement> awaitRows(Predicate<List<WebElement>> check) {
        return browser.await(d -> {
            if (d.findElements(By.cssSelector("[data-testid='sc-sessions'][data-state='ready']"))
                    .isEmpty()) {
                return null;
            }
            List<WebElement> rows = d.findElements(SESSION_ROWS);
            return check.test(rows) ? rows : null;
        });
    }

    /** An attribute of a row's session marker (data-session-id, data-username, data-type, data-device-type). */
    public static String attr(WebElement row, String name) {
        String own = row.getAttribute(name);
        return own != null ? own : row.findElement(testId("sc-session")).getAttribute(name);
    }

    /** Types into the user search and applies the filters. */
    public void search(String text) {
        WebElement search = browser.awaitVisible(By.cssSelector("[data-testid='sc-filter-search'] input"));
        search.clear();
        search.sendKeys(text);
        browser.byTestId("sc-apply-filters").click();
    }

    /** Selects a value of a filter's select, e.g. {@code sc-filter-device} or {@code sc-filter-type}. */
    public void select(String filterTestId, String value) {
        new Select(browser.byTestId(filterTestId)).selectByValue(value);
    }

    /** Confirms the open dialog of {@code action} (Keycloak's confirm dialog, its body marked by us). */
    public void confirm(String action) {
        confirmButton(action).click();
    }

    public WebElement confirmButton(String action) {
        browser.awaitVisible(By.cssSelector("[data-testid='sc-confirm-body'][data-action='" + action + "']"));
        return browser.awaitVisible(By.cssSelector(".pf-v5-c-modal-box [data-testid='confirm']"));
    }
}
