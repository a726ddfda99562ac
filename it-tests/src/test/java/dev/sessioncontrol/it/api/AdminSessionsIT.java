package dev.sessioncontrol.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admin routes: filters and paging in the server, ending with events, stats, and who may do what. */
class AdminSessionsIT extends AbstractKeycloakIT {

    private static final String API = "api-client";
    private static final String MOBILE = "mobile-app";

    private SessionControlClient api;

    @BeforeEach
    void clients() {
        api = new SessionControlClient(realm());
        if (realm().adminGet("/clients?clientId=" + API).json().size() > 0) {
            return;
        }
        realm().createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
        realm().createClient(ClientSpec.publicClient(MOBILE)
                .standardFlow(false)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
    }

    @Test
    void filtersAndPagesInTheServer() {
        String userId = realm().createUser("pager", "pw");
        realm().createUser("bystander", "pw");
        Set<String> all = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            all.add(OAuth.passwordGrant(realm(), API, null, "pager", "pw", UserAgents.CURL)
                    .sessionId());
        }
        for (int i = 0; i < 3; i++) {
            all.add(OAuth.passwordGrant(realm(), MOBILE, null, "pager", "pw", UserAgents.CHROME_ANDROID)
                    .sessionId());
        }
        OAuth.passwordGrant(realm(), MOBILE, null, "bystander", "pw", UserAgents.CHROME_ANDROID);
        String admin = realm().adminToken();

        List<String> paged = new ArrayList<>();
        for (int first = 0; first < 9; first += 3) {
            JsonNode page = api.adminGet(admin, "/sessions?userId=" + userId + "&first=" + first + "&max=3")
                    .requireSuccess("page")
                    .json();
            assertEquals(7, page.get("total").asInt());
            Json.list(page.get("items"))
                    .forEach(item -> paged.add(item.get("id").asText()));
        }
        assertEquals(7, paged.size(), "pages are disjoint");
        assertEquals(all, new HashSet<>(paged), "pages cover every session");

        assertEquals(3, total(admin, "/sessions?userId=" + userId + "&deviceType=Mobile"));
        assertEquals(4, total(admin, "/sessions?userId=" + userId + "&deviceType=OAuth"));
        assertEquals(4, total(admin, "/sessions?deviceType=Mobile"));
        assertEquals(4, total(admin, "/sessions?clientId=" + MOBILE));
        assertEquals(0, total(admin, "/sessions?clientId=no-such-client"));
        assertEquals(7, total(admin, "/sessions?search=pager"));
        assertEquals(8, total(admin, "/sessions?ip=127.0."));
        assertEquals(0, total(admin, "/sessions?ip=10.9."));

        List<Long> byStartAsc = Json.list(api.adminGet(admin, "/sessions?userId=" + userId + "&sort=started&max=50")
                        .json()
                        .get("items"))
                .stream()
                .map(s -> s.get("started").asLong())
                .toList();
        assertEquals(byStartAsc.stream().sorted().toList(), byStartAsc);
        JsonNode oneUser = api.adminGet(admin, "/users/" + userId + "/sessions?max=2")
                .requireSuccess("user")
                .json();
        assertEquals(7, oneUser.get("total").asInt());
        assertEquals(2, oneUser.get("items").size());
    }

    @Test
    void endingASessionRecordsUserAndAdminEvents() {
        realm().createUser("target", "pw");
        Tokens victim = OAuth.passwordGrant(realm(), API, null, "target", "pw", UserAgents.CURL);
        Tokens survivor = OAuth.passwordGrant(realm(), API, null, "target", "pw", UserAgents.OKHTTP);
        String admin = realm().adminToken();

        JsonNode view = api.adminGet(admin, "/sessions/" + victim.sessionId())
                .requireSuccess("get")
                .json();
        assertEquals("target", view.get("username").asText());
        Http.Response ended = api.adminDelete(admin, "/sessions/" + victim.sessionId());

        assertEquals(204, ended.status(), ended.body());
        assertEquals(
                "invalid_grant",
                OAuth.refresh(realm(), API, null, victim.refreshToken()).error());
        assertTrue(OAuth.refresh(realm(), API, null, survivor.refreshToken()).ok());
        assertEquals(404, api.adminGet(admin, "/sessions/" + victim.sessionId()).status());
        assertEquals(
                "revoked-by-admin",
                Events.await(realm(), "LOGOUT", victim.sessionId())
                        .at("/details/reason")
                        .asText());
        assertTrue(
                realm().adminEvents().stream()
                        .anyMatch(e -> "DELETE".equals(e.path("operationType").asText())
                                && "USER_SESSION".equals(e.path("resourceType").asText())
                                && e.path("resourcePath").asText().endsWith(victim.sessionId())),
                "admin event recorded");
    }

    @Test
    void endingAllOfAUsersSessions() {
        String userId = realm().createUser("leaver", "pw");
        Tokens a = OAuth.passwordGrant(realm(), API, null, "leaver", "pw", UserAgents.CURL);
        Tokens b = OAuth.passwordGrant(realm(), MOBILE, null, "leaver", "pw", UserAgents.SAFARI_IPHONE);

        JsonNode result = Http.delete(api.adminUrl("/users/" + userId + "/sessions"), realm().adminToken())
                .requireSuccess("end user's sessions")
                .json();

        assertEquals(2, result.get("ended").asInt());
        assertFalse(result.get("skippedCurrent").asBoolean());
        assertEquals(
                "invalid_grant",
                OAuth.refresh(realm(), API, null, a.refreshToken()).error());
        assertEquals(
                "invalid_grant",
                OAuth.refresh(realm(), MOBILE, null, b.refreshToken()).error());
    }

    @Test
    void anAdminCannotEndTheirOwnCurrentSession() {
        String adminId = realm().createUser("realm-admin", "pw");
        realm().assignClientRole(adminId, "realm-management", "manage-users");
        Tokens admin = OAuth.passwordGrant(realm(), API, null, "realm-admin", "pw", UserAgents.CURL);

        Http.Response refused = api.adminDelete(admin.accessToken(), "/sessions/" + admin.sessionId());
        assertEquals(409, refused.status(), refused.body());
        assertEquals(
                "session id " + admin.sessionId() + " is the current session and cannot be deleted",
                refused.json().get("error").asText());

        JsonNode own = Http.delete(api.adminUrl("/users/" + adminId + "/sessions"), admin.accessToken())
                .requireSuccess("bulk over own sessions")
                .json();
        assertEquals(0, own.get("ended").asInt());
        assertTrue(own.get("skippedCurrent").asBoolean());
        assertTrue(OAuth.refresh(realm(), API, null, admin.refreshToken()).ok());
    }

    @Test
    void statsCountByDeviceTypeAndClientAndFlagExcessiveUsers() {
        realm().createUser("hoarder", "pw");
        for (int i = 0; i < 6; i++) {
            OAuth.passwordGrant(realm(), MOBILE, null, "hoarder", "pw", UserAgents.CHROME_ANDROID);
        }
        JsonNode stats = api.adminGet(realm().adminToken(), "/stats")
                .requireSuccess("stats")
                .json();

        assertEquals(5, stats.get("excessiveSessionThreshold").asInt());
        JsonNode hoarder = Json.list(stats.get("excessiveUsers")).stream()
                .filter(u -> "hoarder".equals(u.get("username").asText()))
                .findFirst()
                .orElseThrow();
        assertEquals(6, hoarder.get("sessions").asInt());
        assertTrue(stats.at("/byDeviceType/Mobile").asInt() >= 6, stats.toString());
        assertTrue(
                Json.list(stats.get("byClient")).stream()
                        .anyMatch(c -> MOBILE.equals(c.get("clientId").asText())
                                && c.get("sessions").asInt() >= 6),
                stats.toString());
        long sum = 0;
        for (JsonNode count : stats.get("byDeviceType")) {
            sum += count.asLong();
        }
        assertEquals(stats.get("total").asLong(), sum);
    }

    @Test
    void permissionsAreKeycloaksOwn() {
        realm().createUser("plain", "pw");
        String viewerId = realm().createUser("viewer", "pw");
        realm().assignClientRole(viewerId, "realm-management", "view-users");
        Tokens victim = OAuth.passwordGrant(realm(), API, null, "plain", "pw", UserAgents.CURL);
        String plain = OAuth.passwordGrant(realm(), API, null, "plain", "pw", UserAgents.OKHTTP)
                .accessToken();
        String viewer = OAuth.passwordGrant(realm(), API, null, "viewer", "pw", UserAgents.CURL)
                .accessToken();

        assertEquals(403, api.adminGet(plain, "/sessions").status());
        assertEquals(403, api.adminGet(plain, "/stats").status());
        assertEquals(
                403, api.adminDelete(plain, "/sessions/" + victim.sessionId()).status());
        assertEquals(403, api.adminPost(plain, "/sessions/revoke-all").status());

        assertEquals(200, api.adminGet(viewer, "/sessions").status());
        assertEquals(
                200, api.adminGet(viewer, "/sessions/" + victim.sessionId()).status());
        assertEquals(
                403, api.adminDelete(viewer, "/sessions/" + victim.sessionId()).status());
        assertEquals(403, api.adminPost(viewer, "/sessions/revoke-all").status());
        assertTrue(OAuth.refresh(realm(), API, null, victim.refreshToken()).ok(), "nothing was ended");
    }

    @Test
    void aTokenOfAnotherRealmIsRejected() {
        realm().createUser("local", "pw");
        Tokens local = OAuth.passwordGrant(realm(), API, null, "local", "pw", UserAgents.CURL);
        try (TestRealm other = TestRealm.create(server(), realm().name() + "-other")) {
            other.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
            String strangerId = other.createUser("stranger", "pw");
            other.assignClientRole(strangerId, "realm-management", "manage-users");
            String stranger = OAuth.passwordGrant(other, API, null, "stranger", "pw", UserAgents.CURL)
                    .accessToken();

            assertEquals(401, api.accountGet(stranger, "/sessions").status());
            int status =
                    api.adminDelete(stranger, "/sessions/" + local.sessionId()).status();
            assertTrue(status == 401 || status == 403, "another realm's admin token is refused, got " + status);
            assertEquals(401, api.adminGet("garbage", "/sessions").status());
        }
        assertTrue(OAuth.refresh(realm(), API, null, local.refreshToken()).ok(), "nothing was ended");
    }

    @Test
    void malformedInputIsA4xxWithAMessage() {
        String admin = realm().adminToken();
        for (String query : List.of(
                "?first=-1", "?max=lots", "?sort=username", "?ip=1.2.3.4%27--", "?deviceType=" + "x".repeat(65))) {
            Http.Response response = api.adminGet(admin, "/sessions" + query);
            assertEquals(400, response.status(), query);
            assertFalse(response.json().get("error").asText().isBlank(), query);
        }
        assertEquals(400, api.adminDelete(admin, "/sessions/bad%20id").status());
        Http.Response unknown = api.adminDelete(admin, "/sessions/AAAAAAAAAAAAAAAAAAAAAAAA");
        assertEquals(404, unknown.status());
        assertEquals("session not found", unknown.json().get("error").asText());
        assertEquals(404, api.adminGet(admin, "/users/no-such-user/sessions").status());
        assertEquals(200, api.adminGet(admin, "/sessions?max=100000").status(), "max is capped, not refused");
    }

    private long total(String token, String path) {
        return api.adminGet(token, path)
                .requireSuccess(path)
                .json()
                .get("total")
                .asLong();
    }
}
