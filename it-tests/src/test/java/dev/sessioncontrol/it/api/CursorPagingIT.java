package dev.sessioncontrol.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.TestRealm;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Paging by cursor: a walk over 10,000 sessions, page by page with {@code after}, while sessions are made and ended
 * between the pages, sees every session that lived throughout exactly once and none twice; {@code before} walks back
 * the same pages; malformed or mismatched cursors are 400s. Many of the seeded sessions share their start second, so
 * the id and type order them within it.
 */
@Tag("both")
class CursorPagingIT extends AbstractKeycloakIT {

    private static final int USERS = 1_000;
    private static final int PER_USER = 10;
    private static final int PAGE = 250;
    private static final String WEB = "web";

    private static final Set<String> SEEDED = new HashSet<>();

    @BeforeAll
    static void tenThousandSessions(TestRealm realm) {
        realm.createClient(ClientSpec.publicClient(WEB));
        seed(realm, USERS, PER_USER, "walk-");
        // Read by offset, while nothing changes: the set the cursor walk is checked against.
        for (int first = 0; first < USERS * PER_USER; first += 500) {
            list(realm, "max=500&first=" + first)
                    .get("items")
                    .forEach(s -> SEEDED.add(s.get("id").asText()));
        }
        assertEquals(USERS * PER_USER, SEEDED.size());
    }

    private static void seed(TestRealm realm, int users, int perUser, String prefix) {
        Http.postJson(
                        realm.url() + "/session-seeder/seed?users=" + users + "&perUser=" + perUser + "&clientId=" + WEB
                                + "&prefix=" + prefix,
                        realm.adminToken(),
                        null)
                .requireSuccess("seeding sessions");
    }

    private static JsonNode list(TestRealm realm, String query) {
        return realm.adminGet("/session-control/sessions?" + query)
                .requireSuccess("listing " + query)
                .json();
    }

    @Test
    void aWalkWhileSessionsComeAndGoSeesEveryLivingSessionOnce() {
        List<String> order = new ArrayList<>(SEEDED);
        Collections.shuffle(order, new java.util.Random(3));
        Set<String> ended = new HashSet<>();
        Set<String> seen = new HashSet<>();
        List<String> repeated = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = list(realm(), "max=" + PAGE + (after == null ? "" : "&after=" + after));
            for (JsonNode item : page.get("items")) {
                if (!seen.add(item.get("id").asText())) {
                    repeated.add(item.get("id").asText());
                }
            }
            after = cursor(page, "next");
            pages++;
            // Between pages: end five seeded sessions (seen or not) and make new ones (newest: at the front).
            for (int i = 0; i < 5 && !order.isEmpty(); i++) {
                String id = order.remove(order.size() - 1);
                realm().adminDelete("/session-control/sessions/" + id).requireSuccess("ending " + id);
                ended.add(id);
            }
            if (pages % 10 == 0) {
                seed(realm(), 2, 5, "during-" + pages + "-");
            }
        } while (after != null && pages < 200);

        assertTrue(repeated.isEmpty(), "no session listed twice: " + repeated);
        Set<String> missed = new LinkedHashSet<>(SEEDED);
        missed.removeAll(ended);
        missed.removeAll(seen);
        assertTrue(missed.isEmpty(), missed.size() + " sessions that lived throughout were not listed: " + missed);
        assertTrue(ended.size() > 100, "sessions were ended during the walk");
        assertTrue(pages >= USERS * PER_USER / PAGE - ended.size() / PAGE, pages + " pages");
    }

    @Test
    void beforeWalksBackTheSamePages() {
        String filter = "deviceType=Web&sort=started&max=7";
        List<List<String>> forward = new ArrayList<>();
        List<String> previousCursors = new ArrayList<>();
        String after = null;
        JsonNode page;
        do {
            page = list(realm(), filter + (after == null ? "" : "&after=" + after));
            forward.add(ids(page));
            previousCursors.add(cursor(page, "previous"));
            after = cursor(page, "next");
        } while (after != null && forward.size() < 4);
        assertNull(previousCursors.get(0), "the first page has no previous page");
        assertEquals(4, forward.size());
        // From the fourth page back to the first.
        String before = previousCursors.get(3);
        for (int i = 2; i >= 0; i--) {
            JsonNode back = list(realm(), filter + "&before=" + before);
            assertEquals(forward.get(i), ids(back), "page " + i + " read backwards");
            before = cursor(back, "previous");
            assertNotNull(cursor(back, "next"), "a page read backwards has a next page");
        }
        assertNull(before, "back at the first page");
        // Offsets still work, and agree with the cursor pages.
        assertEquals(forward.get(1), ids(list(realm(), filter + "&first=7")));
    }

    @Test
    void malformedOrMismatchedCursorsAreRefused() {
        JsonNode first = list(realm(), "max=3");
        String next = first.get("next").asText();
        assertBadRequest("max=3&sort=started&after=" + next, "order");
        assertBadRequest("max=3&after=not-a-cursor", "after");
        assertBadRequest("max=3&before=%25%25", "before");
        assertBadRequest("max=3&after=" + next + "&before=" + next, "combined");
        assertBadRequest("max=3&first=3&after=" + next, "first");
        assertFalse(list(realm(), "max=3&after=" + next).get("items").isEmpty());
    }

    private void assertBadRequest(String query, String inMessage) {
        Http.Response response = realm().adminGet("/session-control/sessions?" + query);
        assertEquals(400, response.status(), query + ": " + response.body());
        assertTrue(response.body().contains(inMessage), response.body());
    }

    /** A page's cursor, null when the answer has none (the field is left out). */
    private static String cursor(JsonNode page, String name) {
        JsonNode value = page.path(name);
        return value.isTextual() ? value.asText() : null;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("items").forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }
}
