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

    /** The rows of the ended sessions' table (each carries our sc-ended-session marker in a cell). */
    private static final By ENDED_ROWS =
            By.cssSelector("[data-testid='sc-ended-table'] tr:has([data-testid='sc-ended-session'])");

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

    /** The rows' sessions as "id/type" (a sign-in with offline access has one row of each, with the same id). */
    public static List<String> sessionKeys(List<WebElement> rows) {
        return rows.stream()
                .map(row -> attr(row, "data-session-id") + "/" + attr(row, "data-type"))
                .toList();
    }

    /** Presses the sessions table's "next page" (KeycloakDataTable's pager above the table). */
    public void nextPage() {
        pagerButton("next");
    }

    /** Presses the sessions table's "previous page". */
    public void previousPage() {
        pagerButton("previous");
    }

    private void pagerButton(String action) {
        browser.click(browser.awaitVisible(By.cssSelector(
                "[data-testid='sc-sessions'] .pf-v5-c-pagination button[data-action='" + action + "']")));
    }

    /** Switches the page (realm Sessions or the user's Sessions tab) to its ended sessions. */
    public AdminSessionsPage showEnded() {
        browser.click(browser.awaitVisible(By.cssSelector("[data-testid='sc-view-ended'] button, #sc-view-ended")));
        browser.awaitVisible(testId("sc-ended"));
        return this;
    }

    /** Waits until the ended sessions' table has its answer and its rows satisfy the check. */
    public List<WebElement> awaitEndedRows(Predicate<List<WebElement>> check) {
        return browser.await(d -> {
            if (d.findElements(By.cssSelector("[data-testid='sc-ended'][data-state='ready']"))
                    .isEmpty()) {
                return null;
            }
            List<WebElement> rows = d.findElements(ENDED_ROWS);
            return check.test(rows) ? rows : null;
        });
    }

    /** Filters the ended sessions by a reason as the server records it ({@code revoked-by-admin}, ...). */
    public void endedReason(String reason) {
        new Select(browser.byTestId("sc-ended-filter-reason")).selectByValue(reason);
    }

    /** Filters the realm's ended sessions by a username and applies it. */
    public void endedUser(String username) {
        WebElement input = browser.awaitVisible(By.cssSelector("[data-testid='sc-ended-filter-user'] input"));
        input.clear();
        input.sendKeys(username);
        browser.byTestId("sc-ended-apply").click();
    }

    /** The session id of a row of the ended sessions' table. */
    public static String endedSessionId(WebElement row) {
        return row.findElement(testId("sc-ended-session")).getAttribute("data-session-id");
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

    /**
     * Applies a text filter: picks its attribute ({@code search}, {@code clientId}, {@code ip} or {@code country}) in
     * the toolbar's "Search by", types the value and applies the filters.
     */
    public void filterBy(String attribute, String text) {
        new Select(browser.byTestId("sc-filter-attribute")).selectByValue(attribute);
        String id = switch (attribute) {
            case "search" -> "sc-filter-search";
            case "clientId" -> "sc-filter-client";
            case "ip" -> "sc-filter-ip";
            case "country" -> "sc-filter-country";
            default -> throw new IllegalArgumentException(attribute);
        };
        WebElement input = browser.awaitVisible(
                By.cssSelector("input[data-testid='" + id + "'], [data-testid='" + id + "'] input"));
        input.clear();
        input.sendKeys(text);
        browser.byTestId("sc-apply-filters").click();
    }

    /** "Sign out matching" (realm Sessions page). */
    public WebElement signOutMatchingButton() {
        return browser.byTestId("sc-signout-matching");
    }

    /** Whether "Sign out matching" can be pressed (it is aria-disabled without a filter, to keep its tooltip). */
    public boolean signOutMatchingEnabled() {
        WebElement button = signOutMatchingButton();
        return button.isEnabled() && !"true".equals(button.getAttribute("aria-disabled"));
    }

    /** Presses "Sign out matching" and answers its confirmation's text, once it is shown (after the dry run). */
    public String openSignOutMatching() {
        signOutMatchingButton().click();
        return awaitConfirmation("revoke-matching");
    }

    /** "Respond to a compromised account" (User details → Sessions). */
    public WebElement incidentResponseButton() {
        return browser.byTestId("sc-incident-response");
    }

    /** Presses "Respond to a compromised account" and answers its confirmation's text. */
    public String openIncidentResponse() {
        incidentResponseButton().click();
        return awaitConfirmation("incident-response");
    }

    /** Whether a switch of the open confirmation ({@code requirePasswordUpdate}, {@code notifyUser}) is on. */
    public boolean switchOn(String name) {
        return browser.driver().findElement(By.id(name)).isSelected();
    }

    /** Turns a switch of the open confirmation on or off, by its label as a person would. */
    public void setSwitch(String name, boolean on) {
        if (switchOn(name) != on) {
            browser.click(browser.awaitVisible(By.cssSelector(".pf-v5-c-modal-box label[for='" + name + "']")));
            browser.await(d -> switchOn(name) == on ? true : null);
        }
    }

    /**
     * The text of the confirmation of {@code action} once it is open; if instead an error or an info alert comes (the
     * server refused, e.g. the dry run; or nothing matched), fails with it.
     */
    public String awaitConfirmation(String action) {
        By body = By.cssSelector("[data-testid='sc-confirm-body'][data-action='" + action + "']");
        WebElement shown = browser.await(d -> {
            List<WebElement> bodies = d.findElements(body);
            if (!bodies.isEmpty() && bodies.get(0).isDisplayed()) {
                return bodies.get(0);
            }
            // An error (the server refused, e.g. the dry run), or the note that nothing matches.
            List<WebElement> alerts =
                    d.findElements(By.cssSelector(".pf-v5-c-alert.pf-m-danger, .pf-v5-c-alert.pf-m-info"));
            if (!alerts.isEmpty()) {
                throw new AssertionError("No confirmation of " + action + ", an alert: "
                        + alerts.get(0).getText());
            }
            return null;
        });
        return shown.getText();
    }

    /**
     * Waits for an alert whose title contains {@code text}, and answers its title; if an error alert comes instead
     * (the server refused), fails with it.
     */
    public String awaitAlert(String text) {
        return browser.await(d -> {
            List<WebElement> errors = d.findElements(By.cssSelector(".pf-v5-c-alert.pf-m-danger"));
            if (!errors.isEmpty()) {
                throw new AssertionError(
                        "An error instead of \"" + text + "\": " + errors.get(0).getText());
            }
            return d.findElements(By.cssSelector(".pf-v5-c-alert__title")).stream()
                    .map(WebElement::getText)
                    .filter(title -> title.contains(text))
                    .findFirst()
                    .orElse(null);
        });
    }

    /**
     * Waits until a bulk ending shown in progress is done (its remainder 0) and answers the first remainder shown,
     * which is more than 0 when the ending went on in the background.
     */
    public long awaitEndingProgressDone() {
        WebElement progress = browser.awaitVisible(testId("sc-ending-progress"));
        long first = Long.parseLong(progress.getAttribute("data-remaining"));
        browser.await(d -> d.findElements(By.cssSelector("[data-testid='sc-ending-progress'][data-remaining='0']"))
                        .isEmpty()
                ? null
                : true);
        return first;
    }

    /**
     * How many rows the toolbar above the table takes (the chips of applied filters left out; not the pagination
     * below the table): its items grouped by where they sit, a new row starting below the bottom of the one before.
     */
    public int toolbarRows() {
        Object rows = browser.script("""
                const table = document.querySelector("[data-testid='sc-sessions'] table").getBoundingClientRect();
                const items = [...document.querySelectorAll("[data-testid='sc-sessions'] .pf-v5-c-toolbar__item")]
                  .filter((e) => e.offsetParent !== null && !e.closest(".pf-m-chip-container, .pf-m-chip-group"))
                  .filter((e) => !e.parentElement.closest(".pf-v5-c-toolbar__item"))
                  .map((e) => e.getBoundingClientRect())
                  .filter((r) => r.height > 0 && r.bottom <= table.top)
                  .sort((a, b) => a.top - b.top);
                let rows = 0;
                let bottom = -Infinity;
                for (const r of items) {
                  if (r.top >= bottom - 1) {
                    rows++;
                    bottom = r.bottom;
                  } else {
                    bottom = Math.max(bottom, r.bottom);
                  }
                }
                return rows;
                """);
        return ((Number) rows).intValue();
    }

    /**
     * How far the sessions table reaches beyond the right edge of the console's main area, which clips rather than
     * scrolls (so {@code WebBrowser.horizontalScrollbars} does not see it); 0 when it fits. With the table's column
     * widths in the message of a failure.
     */
    public String tableClipped() {
        return (String) browser.script("""
                const table = document.querySelector("[data-testid='sc-sessions'] table, [data-testid='sc-ended'] table");
                const main = table.closest(".pf-v5-c-page__main") || document.documentElement;
                const over = Math.round(table.getBoundingClientRect().right - main.getBoundingClientRect().right
                    + (main.offsetWidth - main.clientWidth));
                if (over <= 1) return "";
                const widths = [...table.querySelectorAll("thead th")].map((th) =>
                    th.innerText.replace(/\s+/g, " ") + "=" + Math.round(th.getBoundingClientRect().width));
                return "the table is " + over + " px too wide: " + widths.join(", ");
                """);
    }

    /** The toolbar's items as "top-bottom text", for a failure's message. */
    public Object toolbarItems() {
        return browser.script("""
                return [...document.querySelectorAll("[data-testid='sc-sessions'] .pf-v5-c-toolbar__item")]
                  .filter((e) => e.offsetParent !== null)
                  .map((e) => { const r = e.getBoundingClientRect();
                    return Math.round(r.top) + "-" + Math.round(r.bottom) + " " + e.className + " " + e.innerText; });
                """);
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
