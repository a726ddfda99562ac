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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/**
 * With 10,000 sessions in the realm the admin Sessions page shows its first page without loading them
 * all. The rows fetched are counted from what the browser itself requested: every call the page made to
 * the sessions API (read from the browser's resource timing) is replayed with an admin token and the
 * items of the answers are summed.
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
    @SuppressWarnings("unchecked")
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

            List<Map<String, Object>> entries = (List<Map<String, Object>>)
                    browser.script(
                            "return performance.getEntriesByType('resource').map(e => ({name: e.name, size: e.encodedBodySize}));");
            List<String> calls = new ArrayList<>();
            for (Map<String, Object> entry : entries) {
                String url = (String) entry.get("name");
                if (url.contains("/session-control/sessions")) {
                    calls.add(url);
                }
                assertFalse(url.contains("/ui-ext/sessions"), "the stock session listing is not used: " + url);
            }
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
}
