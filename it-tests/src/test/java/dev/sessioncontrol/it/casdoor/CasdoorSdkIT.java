package dev.sessioncontrol.it.casdoor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.casbin.casdoor.config.Config;
import org.casbin.casdoor.entity.Session;
import org.casbin.casdoor.service.SessionService;
import org.casbin.casdoor.util.http.CasdoorResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Casdoor Java SDK 1.24.0, pointed at {@code /realms/<realm>/casdoor}, works unchanged. */
class CasdoorSdkIT extends AbstractKeycloakIT {

    private static final String WEB = "web-app";
    private static final String WEB_SECRET = "web-secret";

    @BeforeAll
    static void clients(TestRealm realm) {
        realm.createClient(ClientSpec.confidential(WEB, WEB_SECRET)
                .redirectUris(Browser.REDIRECT_URI)
                .casdoorApi());
    }

    private SessionService sdk() {
        Config config = new Config(CasdoorHttp.endpoint(realm()), WEB, WEB_SECRET, null, realm().name(), WEB);
        return new SessionService(config);
    }

    @Test
    void addListGetUpdateDeleteOfRegisteredIds() throws Exception {
        SessionService sdk = sdk();
        Session session = new Session(realm().name(), "app-user", WEB, null, new String[] {"app-session-1"});

        CasdoorResponse<String, Object> added = sdk.addSession(session);
        assertEquals("Affected", added.getData());

        assertTrue(sdk.getSessions().stream()
                .anyMatch(s -> "app-user".equals(s.name)
                        && WEB.equals(s.application)
                        && Arrays.asList(s.sessionId).contains("app-session-1")));

        Session read = sdk.getSession("app-user", WEB);
        assertNotNull(read);
        assertArrayEquals(new String[] {"app-session-1"}, read.sessionId);
        assertNotNull(read.createdTime);

        read.createdTime = "2024-02-29T23:59:58+05:30";
        assertEquals("Affected", sdk.updateSession(read).getData());
        assertEquals("2024-02-29T23:59:58+05:30", sdk.getSession("app-user", WEB).createdTime);

        assertEquals(
                "Affected", sdk.deleteSession(sdk.getSession("app-user", WEB)).getData());
        assertNull(sdk.getSession("app-user", WEB));
    }

    @Test
    void paginatedListingCarriesTheTotal() throws Exception {
        SessionService sdk = sdk();
        for (int i = 0; i < 3; i++) {
            sdk.addSession(new Session(realm().name(), "paged-" + i, WEB, null, new String[] {"paged-id-" + i}));
        }
        Map<String, Object> page = sdk.getPaginationSessions(1, 2, Map.of("field", "name", "value", "paged-"));
        Session[] sessions = (Session[]) page.get("casdoorSessions");
        assertEquals(2, sessions.length);
        assertEquals(3, ((Number) page.get("data2")).intValue());
        Session[] last = (Session[]) sdk.getPaginationSessions(2, 2, Map.of("field", "name", "value", "paged-"))
                .get("casdoorSessions");
        assertEquals(1, last.length);
    }

    @Test
    void recordsOfRealSignInsAreListedAndDeleted() throws Exception {
        realm().createUser("alice", "pw");
        Tokens first = new Browser(realm(), UserAgents.CHROME_DESKTOP)
                .signIn(WEB, WEB_SECRET, Browser.REDIRECT_URI, "alice", "pw");
        Tokens second = new Browser(realm(), UserAgents.FIREFOX_DESKTOP)
                .signIn(WEB, WEB_SECRET, Browser.REDIRECT_URI, "alice", "pw");
        SessionService sdk = sdk();

        Session listed = sdk.getSessions().stream()
                .filter(s -> "alice".equals(s.name) && WEB.equals(s.application))
                .findFirst()
                .orElseThrow();
        // Oldest first; two sign-ins within one second (Keycloak keeps seconds) are ordered by id instead.
        assertEquals(Set.of(first.sessionId(), second.sessionId()), Set.of(listed.sessionId));
        assertTrue(
                listed.createdTime.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(Z|[+-]\\d\\d:\\d\\d)"),
                listed.createdTime);

        assertEquals("Affected", sdk.deleteSession(sdk.getSession("alice", WEB)).getData());
        assertNull(sdk.getSession("alice", WEB));
        String aliceId =
                realm().admin().users().searchByUsername("alice", true).get(0).getId();
        assertEquals(List.of(), realm().userSessions(aliceId));
        JsonNode logout = Events.await(realm(), "LOGOUT", first.sessionId());
        assertEquals("casdoor-api", logout.at("/details/reason").asText());
        assertEquals(WEB, logout.get("clientId").asText());
    }
}
