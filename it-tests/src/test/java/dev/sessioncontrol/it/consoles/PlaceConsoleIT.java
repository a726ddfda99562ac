package dev.sessioncontrol.it.consoles;

import static dev.sessioncontrol.it.pages.AdminSessionsPage.attr;
import static dev.sessioncontrol.it.support.WebBrowser.testId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.pages.AccountSessionsPage;
import dev.sessioncontrol.it.pages.AdminSessionsPage;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestPlaces;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
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
 * Where each session is, in real headless Chromium, against servers with the tests' location database (203.0.113.x
 * is Berlin, 198.51.100.x Sydney, 192.0.2.x Munich): the place of the sign-in address and the last address's where
 * it differs, the impossible-travel badge of a sign-in from Sydney right after one from Berlin, the country filter
 * and the counts by country, on the admin page, in the user's tab and on the account page, in English and German.
 */
class PlaceConsoleIT extends AbstractKeycloakIT {

    private static final String APP = "app";
    private static final String BERLIN = TestPlaces.BERLIN;
    private static final String SYDNEY = TestPlaces.SYDNEY;
    private static final String MUNICH = TestPlaces.MUNICH;

    /** The badge's clickable part (PatternFly renders a clickable label's text as a button). */
    private static final By FLAG_BUTTON = By.cssSelector("[data-testid='sc-flag-impossible-travel'] button");

    private static String berlin;
    private static String sydney;
    private static String moved;
    private static String bertaId;

    @BeforeAll
    static void sessionsAroundTheWorld(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.adminPut(
                        "",
                        Json.object()
                                // The forwarded addresses are public: over plain HTTP Keycloak would require HTTPS.
                                .put("sslRequired", "none")
                                .put("internationalizationEnabled", true)
                                .put("defaultLocale", "en")
                                .set("supportedLocales", Json.parse("[\"en\", \"de\"]")))
                .requireSuccess("enabling German");
        realm.createClient(ClientSpec.publicClient(APP).standardFlow(false).directAccessGrants(true));
        AdminSessionsPage.createRealmAdmin(realm);
        String adminDe = realm.createUser("admin-de", "pw");
        realm.assignClientRole(adminDe, "realm-management", "realm-admin");
        realm.setLocale(adminDe, "de");
        bertaId = realm.createUser("berta", "pw");
        realm.createUser("moritz", "pw");

        // Berlin, then Sydney seconds later: farther than anyone travels in the time (the policy's default speed).
        berlin = OAuth.passwordGrantFrom(BERLIN, realm, APP, "berta", "pw").sessionId();
        sydney = OAuth.passwordGrantFrom(SYDNEY, realm, APP, "berta", "pw").sessionId();
        // Signed in in Berlin, refreshed in Munich: its last place differs.
        Tokens moritz = OAuth.passwordGrantFrom(BERLIN, realm, APP, "moritz", "pw");
        moved = moritz.sessionId();
        assertTrue(OAuth.refreshFrom(MUNICH, realm, APP, moritz.refreshToken()).ok(), "moritz refreshes in Munich");
    }

    private static Map<String, WebElement> byId(List<WebElement> rows) {
        return rows.stream()
                .collect(Collectors.toMap(r -> attr(r, "data-session-id"), Function.identity(), (a, b) -> a));
    }

    private static String place(WebElement row) {
        return row.findElement(testId("sc-place")).getText();
    }

    private static boolean flagged(WebElement row) {
        return !row.findElements(testId("sc-flag-impossible-travel")).isEmpty();
    }

    @Test
    void adminPageShowsPlacesTheImpossibleTravelBadgeAndFiltersByCountry() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            Map<String, WebElement> rows =
                    byId(page.awaitRows(r -> byId(r).keySet().containsAll(List.of(berlin, sydney, moved))));

            assertEquals("Berlin, Germany", place(rows.get(berlin)));
            assertEquals("Sydney, Australia", place(rows.get(sydney)));
            assertEquals("Berlin, Germany\nnow: Munich, Germany", place(rows.get(moved)));
            assertTrue(flagged(rows.get(sydney)), "the sign-in from Sydney right after Berlin is flagged");
            assertTrue(!flagged(rows.get(berlin)) && !flagged(rows.get(moved)), "the others are not");
            assertEquals(List.of(), browser.horizontalScrollbars(), "nothing scrolls sideways at 1280 px");
            assertEquals("", page.tableClipped(), "the table with its Place column fits 1280 px");

            browser.click(rows.get(sydney).findElement(FLAG_BUTTON));
            String explanation =
                    browser.awaitVisible(By.cssSelector(".pf-v5-c-popover")).getText();
            assertTrue(
                    explanation.contains("farther from the previous sign-in than anyone can travel in the time"),
                    explanation);
            browser.screenshot("admin-sessions-place");
            // Closed before typing: an open pop-over keeps the keyboard's focus in itself.
            browser.click(browser.awaitVisible(By.cssSelector(".pf-v5-c-popover .pf-v5-c-popover__close button")));
            browser.await(
                    d -> d.findElements(By.cssSelector(".pf-v5-c-popover")).isEmpty() ? true : null);

            // The counts by country: the Sydney session alone in Australia.
            WebElement australia =
                    browser.awaitVisible(By.cssSelector("[data-testid='sc-country-count'][data-country='AU']"));
            assertEquals("1", australia.getAttribute("data-count"));
            assertTrue(australia.getText().contains("Australia"), australia.getText());

            // The country filter, typed in lower case.
            page.filterBy("country", "au");
            List<WebElement> inAustralia = page.awaitRows(r -> r.size() == 1);
            assertEquals(sydney, attr(inAustralia.get(0), "data-session-id"));
            assertTrue(browser.pageText().contains("AU (Australia)"), "the applied filter as a chip");
            // Sign out matching takes the country alone too: its dry run counts the one session in Australia (the
            // admin's own session in this realm, placed nowhere, is neither counted nor taken off the count).
            String confirmation = page.openSignOutMatching();
            assertTrue(confirmation.contains("1 session") && confirmation.contains("AU"), confirmation);
        }
    }

    @Test
    void userTabAndAccountPageShowThePlaces() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/users/" + bertaId + "/sessions");
            browser.byTestId("sc-user-sessions");
            Map<String, WebElement> rows = byId(page.awaitRows(r -> r.size() == 2));
            assertEquals("Berlin, Germany", place(rows.get(berlin)));
            assertTrue(flagged(rows.get(sydney)));
        }
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AccountSessionsPage page = AccountSessionsPage.open(browser, realm().url(), "berta", "pw");
            List<WebElement> items = page.awaitCount(3);
            WebElement fromBerlin = AccountSessionsPage.withSessionId(items, berlin);
            WebElement fromSydney = AccountSessionsPage.withSessionId(items, sydney);
            assertEquals("Berlin, Germany", place(fromBerlin));
            assertEquals("Sydney, Australia", place(fromSydney));
            assertTrue(flagged(fromSydney) && !flagged(fromBerlin));
            assertEquals("—", place(AccountSessionsPage.current(items)), "this browser's address has no place");
            // The flagged session in the picture.
            browser.script("arguments[0].scrollIntoView({block: 'center'});", fromSydney);
            browser.screenshot("account-sessions-place");
        }
    }

    @Test
    void germanAdminsReadPlacesAndTheBadgeInGerman() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            browser.open(realm().server().baseUrl() + "/admin/" + realm().name() + "/console/#/" + realm().name()
                    + "/sessions");
            browser.signInIfAsked("admin-de", "pw");
            AdminSessionsPage page = new AdminSessionsPage(browser);
            // The console settles on the admin's language after its first page: the places follow it.
            Map<String, WebElement> rows =
                    byId(page.awaitRows(r -> byId(r).keySet().containsAll(List.of(berlin, sydney))
                            && r.stream().anyMatch(row -> place(row).equals("Berlin, Deutschland"))));
            assertEquals("Sydney, Australien", place(rows.get(sydney)));
            assertEquals(
                    "Unmögliche Reise",
                    rows.get(sydney)
                            .findElement(testId("sc-flag-impossible-travel"))
                            .getText());
            browser.screenshot("admin-sessions-place-de");
        }
    }
}
