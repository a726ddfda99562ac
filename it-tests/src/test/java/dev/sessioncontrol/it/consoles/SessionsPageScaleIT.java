package dev.sessioncontrol.it.consoles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.pages.AdminSessionsPage;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.WebBrowser;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * With 10,000 sessions in the realm the admin Sessions page shows its first page without loading them
 * all, and pages forward and back by the listing's cursors. What the page read is taken from what the browser
 * itself requested: every call the page made to the sessions API (read from the browser's resource timing) is
 * replayed with an admin token.
 */
class SessionsPageScaleIT extends AbstractKeycloakIT {

    static final int USERS = 1_000;
    static final int PER_USER = 10;

    @BeforeAll
    static void tenThousandSessions(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.createClient(ClientSpec.publicClient("web").redirectUris(Browser.REDIRECT_URI));
        AdminSessionsPage.createRealmAdmin(realm);
        JsonNode seeded = Http.postJson(
                        realm.url() + "/session-seeder/seed?users=" + USERS + "&perUser=" + PER_USER
                                + "&clientId=web&prefix=load-",
                        realm.adminToken(),
                        null)
                .requireSuccess("seeding sessions")
                .json();
        assertEquals(USERS * PER_USER, seeded.get("sessions").asInt());
    }

    @Test
    void firstPageLoadsOnePageOfRows() {
        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            // Count only what the Sessions page asks for: start from a clean resource-timing buffer.
            browser.script("performance.setResourceTimingBufferSize(10000); performance.clearResourceTimings();");
            page.go("/" + realm().name() + "/sessions");
            List<WebElement> rows = page.awaitRows(r -> !r.isEmpty());
            WebElement total = browser.byTestId("sc-total");
            long shown = Long.parseLong(total.getAttribute("data-total"));
            assertTrue(shown >= USERS * PER_USER, "the page knows the realm has " + shown + " sessions");
            assertEquals(10, rows.size(), "one page of rows is shown");
            browser.screenshot("admin-sessions-10000");

            List<String> calls = sessionCalls(browser);
            assertFalse(calls.isEmpty(), "the page read the sessions API");
            long rowsFetched = 0;
            for (String url : calls) {
                JsonNode answer = Http.get(url, realm().adminToken())
                        .requireSuccess("replaying " + url)
                        .json();
                rowsFetched += answer.get("items").size();
            }
            System.out.printf(
                    "Sessions page with %d sessions: %d API call(s), %d rows fetched%n",
                    shown, calls.size(), rowsFetched);
            assertTrue(rowsFetched <= 100, "rows fetched: " + rowsFetched + " of " + shown);
        }
    }

    @Test
    void pagesForwardAndBackByCursor() {
        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/sessions");
            List<String> shown = AdminSessionsPage.sessionKeys(page.awaitRows(r -> r.size() == 10));
            List<List<String>> forward = new ArrayList<>(List.of(shown));
            for (int step = 1; step <= 3; step++) {
                shown = step(browser, page, page::nextPage, shown, "after");
                forward.add(shown);
            }
            Set<String> distinct = new HashSet<>();
            forward.forEach(distinct::addAll);
            assertEquals(
                    40, distinct.size(), "no row repeats across the first page and three pages forward: " + forward);

            List<String> back = step(browser, page, page::previousPage, shown, "before");
            assertEquals(forward.get(2), back, "a page back shows again the rows the third page showed");
        }
    }

    /**
     * Presses a pager button and waits for other rows; the page read them with the one call it made to the listing, by
     * the {@code cursor} parameter and not by offset, and the call answers exactly the rows shown. Answers them.
     */
    private List<String> step(
            WebBrowser browser, AdminSessionsPage page, Runnable press, List<String> before, String cursor) {
        browser.script("performance.setResourceTimingBufferSize(10000); performance.clearResourceTimings();");
        press.run();
        List<String> shown = AdminSessionsPage.sessionKeys(page.awaitRows(
                r -> r.size() == 10 && !AdminSessionsPage.sessionKeys(r).equals(before)));
        List<String> calls = sessionCalls(browser);
        assertEquals(1, calls.size(), "one call to the listing for a step: " + calls);
        Map<String, String> params = queryParams(calls.get(0));
        assertFalse(params.getOrDefault(cursor, "").isEmpty(), "read with " + cursor + "=: " + calls.get(0));
        assertEquals("0", params.getOrDefault("first", "0"), "no offset with a cursor: " + calls.get(0));
        JsonNode answer = Http.get(calls.get(0), realm().adminToken())
                .requireSuccess("replaying")
                .json();
        List<String> answered = new ArrayList<>();
        answer.get("items")
                .forEach(item -> answered.add(
                        item.get("id").asText() + "/" + item.get("type").asText()));
        assertEquals(answered, shown, "the rows shown are those the API gives for " + calls.get(0));
        return shown;
    }

    /** The calls the page made to the session listing since the browser's resource timings were last cleared. */
    @SuppressWarnings("unchecked")
    private static List<String> sessionCalls(WebBrowser browser) {
        List<Map<String, Object>> entries = (List<Map<String, Object>>)
                browser.script("return performance.getEntriesByType('resource').map(e => ({name: e.name}));");
        List<String> calls = new ArrayList<>();
        for (Map<String, Object> entry : entries) {
            String url = (String) entry.get("name");
            assertFalse(url.contains("/ui-ext/sessions"), "the stock session listing is not used: " + url);
            if (url.contains("/session-control/sessions")) {
                calls.add(url);
            }
        }
        return calls;
    }

    private static Map<String, String> queryParams(String url) {
        Map<String, String> params = new HashMap<>();
        String query = URI.create(url).getRawQuery();
        for (String pair : query == null ? new String[0] : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            params.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return params;
    }
}
