package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestPlaces;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.ClientResource;
import org.keycloak.representations.idm.authorization.ScopePermissionRepresentation;
import org.keycloak.representations.idm.authorization.UserPolicyRepresentation;

/**
 * The history of ended sessions ({@code GET history}, admin and account): sessions ended in each way this extension
 * ends them, and by Keycloak's own logout, listed newest first from the stored {@code LOGOUT} events with what the
 * session was (type, device, sign-in address, clients) and why it ended; filters, paging, refusals, and a realm that
 * stores no events. Each test has users of its own and reads their history, except where it says otherwise.
 */
@Tag("both")
class SessionHistoryIT extends AbstractKeycloakIT {

    private static final String API = "api";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static int users;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
        // LOGOUT among the stored types, as an operator chooses them; documentation addresses ask for no HTTPS.
        realm.adminPut(
                        "",
                        Json.object()
                                .put("sslRequired", "none")
                                .put("eventsEnabled", true)
                                .set("enabledEventTypes", Json.parse("[\"LOGIN\",\"LOGOUT\"]")))
                .requireSuccess("events stored");
    }

    /** The sessions of one user, each ended in another way, and one left alive. */
    private record Ended(
            String user,
            String userId,
            Tokens byAdmin,
            JsonNode byAdminLive,
            Tokens byUser,
            Tokens matching,
            Tokens ownLogout,
            Tokens kept) {}

    private SessionControlClient api() {
        return new SessionControlClient(realm());
    }

    private String newUser(String prefix) {
        String name = prefix + (++users) + "x";
        realm().createUser(name, "pw");
        return name;
    }

    /** A password grant from {@code address} through the servers' trusted proxy, with that User-Agent. */
    private Tokens signIn(String user, String address, String userAgent) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", API);
        form.put("username", user);
        form.put("password", "pw");
        form.put("scope", "openid");
        Http.Response answer =
                Http.postFormForwarded(address, OAuth.tokenUrl(realm()), form, Map.of("User-Agent", userAgent));
        return new OAuth.TokenResult(answer.status(), answer.json()).tokens();
    }

    /**
     * A new user's sessions ended one after the other: by an admin ({@code DELETE sessions/{id}}), by the user
     * (account {@code DELETE sessions/{id}}), by "end what matches" (an address block), by Keycloak's own logout
     * endpoint; one more stays alive.
     */
    private Ended endInEveryWay() {
        String user = newUser("ender");
        String userId = realm().userId(user);
        String admin = realm().adminToken();
        Tokens byAdmin = signIn(user, TestPlaces.BERLIN, UserAgents.CHROME_DESKTOP);
        Tokens byUser = signIn(user, TestPlaces.SYDNEY, UserAgents.OKHTTP);
        Tokens kept = signIn(user, "198.51.100.21", UserAgents.OKHTTP);
        Tokens matching = signIn(user, TestPlaces.MUNICH, UserAgents.SAFARI_IPHONE);
        Tokens ownLogout = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.CURL);
        JsonNode byAdminLive = api().adminGet(admin, "/sessions/" + byAdmin.sessionId())
                .requireSuccess("the live session")
                .json();

        assertEquals(
                204,
                api().adminDelete(admin, "/sessions/" + byAdmin.sessionId()).status());
        assertEquals(
                204,
                api().accountDelete(kept.accessToken(), "/sessions/" + byUser.sessionId())
                        .status());
        String job = Http.postJson(
                        api().adminUrl("/sessions/revoke"), admin, Map.of("userId", userId, "ip", "192.0.2.0/24"))
                .requireSuccess("revoke")
                .json()
                .get("jobId")
                .asText();
        Poll.until(
                "job " + job + " done",
                WAIT,
                () -> api().adminGet(admin, "/jobs/" + job)
                        .requireSuccess("job")
                        .json()
                        .get("done")
                        .asBoolean());
        assertEquals(204, OAuth.logout(realm(), API, null, ownLogout.refreshToken()));
        return new Ended(user, userId, byAdmin, byAdminLive, byUser, matching, ownLogout, kept);
    }

    private JsonNode history(String query) {
        return api().adminGet(realm().adminToken(), "/history" + query)
                .requireSuccess("history " + query)
                .json();
    }

    /** The user's history once it holds {@code count} items (events may be stored a moment after the answer). */
    private JsonNode awaitHistory(String userId, int count) {
        return Poll.value("a history of " + count + " ended sessions of " + userId, WAIT, () -> {
            JsonNode page = history("?userId=" + userId + "&max=50");
            return items(page).size() >= count ? page : null;
        });
    }

    private static List<JsonNode> items(JsonNode page) {
        return Json.list(page.get("items"));
    }

    private static List<String> ids(JsonNode page) {
        return items(page).stream().map(i -> i.get("sessionId").asText()).toList();
    }

    private static JsonNode item(JsonNode page, String sessionId) {
        return items(page).stream()
                .filter(i -> sessionId.equals(i.get("sessionId").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no item for " + sessionId + " in " + page));
    }

    private static boolean absent(JsonNode item, String field) {
        return item.path(field).isMissingNode() || item.get(field).isNull();
    }

    @Test
    void everyWayOfEndingIsListedNewestFirstWithWhatTheSessionWas() {
        long before = System.currentTimeMillis();
        Ended ended = endInEveryWay();

        JsonNode page = awaitHistory(ended.userId(), 4);
        assertTrue(page.get("eventsStored").asBoolean());
        assertEquals(
                List.of(
                        ended.ownLogout().sessionId(),
                        ended.matching().sessionId(),
                        ended.byUser().sessionId(),
                        ended.byAdmin().sessionId()),
                ids(page),
                "newest first, the live one absent: " + page);
        List<Long> times =
                items(page).stream().map(i -> i.get("ended").asLong()).toList();
        assertEquals(times.stream().sorted((a, b) -> Long.compare(b, a)).toList(), times);
        assertTrue(times.get(times.size() - 1) >= before, page.toString());

        JsonNode live = ended.byAdminLive();
        JsonNode byAdmin = item(page, ended.byAdmin().sessionId());
        assertEquals("revoked-by-admin", byAdmin.get("reason").asText());
        assertEquals("REGULAR", byAdmin.get("type").asText());
        assertEquals(ended.userId(), byAdmin.get("userId").asText());
        assertEquals(ended.user(), byAdmin.get("username").asText());
        assertEquals(TestPlaces.BERLIN, byAdmin.get("ipAddress").asText(), "the session's address, not the admin's");
        assertEquals(live.get("deviceType").asText(), byAdmin.get("deviceType").asText());
        assertEquals("Windows", byAdmin.at("/device/os").asText(), byAdmin.toString());
        assertEquals(
                live.at("/device/browser").asText(),
                byAdmin.at("/device/browser").asText());
        assertFalse(byAdmin.at("/device/mobile").asBoolean());
        assertEquals(1, byAdmin.get("clients").size(), byAdmin.toString());
        assertEquals(API, byAdmin.at("/clients/0/clientId").asText());
        assertEquals(live.get("started").asLong(), byAdmin.get("started").asLong());
        assertEquals("DE", byAdmin.at("/location/countryCode").asText(), byAdmin.toString());
        assertEquals("Berlin", byAdmin.at("/location/city").asText());
        assertEquals("Germany", byAdmin.at("/location/country").asText());

        JsonNode byUser = item(page, ended.byUser().sessionId());
        assertEquals("revoked-by-user", byUser.get("reason").asText());
        assertEquals(TestPlaces.SYDNEY, byUser.get("ipAddress").asText());

        JsonNode matching = item(page, ended.matching().sessionId());
        assertEquals("revoke-matching", matching.get("reason").asText());
        assertEquals(TestPlaces.MUNICH, matching.get("ipAddress").asText());
        assertEquals("iOS", matching.at("/device/os").asText(), matching.toString());
        assertTrue(matching.at("/device/mobile").asBoolean());

        JsonNode keycloaks = item(page, ended.ownLogout().sessionId());
        assertTrue(absent(keycloaks, "reason"), "Keycloak's own logout has no reason: " + keycloaks);
        assertEquals("127.0.0.1", keycloaks.get("ipAddress").asText(), "the event's own address");
        assertEquals(API, keycloaks.at("/clients/0/clientId").asText());
        assertEquals(ended.user(), keycloaks.get("username").asText());
        assertTrue(absent(keycloaks, "location"), "127.0.0.1 has no place: " + keycloaks);
    }

    @Test
    void placesAreNamedInTheCallersLanguage() {
        Ended ended = endInEveryWay();
        awaitHistory(ended.userId(), 4);

        JsonNode page = Http.send(
                        Http.request(api().adminUrl("/history?userId=" + ended.userId()), realm().adminToken())
                                .header("Accept-Language", "de"))
                .requireSuccess("the history in German")
                .json();
        JsonNode matching = item(page, ended.matching().sessionId());
        assertEquals("DE", matching.at("/location/countryCode").asText(), matching.toString());
        assertEquals("Deutschland", matching.at("/location/country").asText());
        assertEquals("München", matching.at("/location/city").asText());
        JsonNode byUser = item(page, ended.byUser().sessionId());
        assertEquals("AU", byUser.at("/location/countryCode").asText(), byUser.toString());
        assertEquals("Australien", byUser.at("/location/country").asText());
    }

    @Test
    void filtersByUserAndByReason() {
        Ended one = endInEveryWay();
        Ended other = endInEveryWay();
        awaitHistory(one.userId(), 4);
        awaitHistory(other.userId(), 4);

        JsonNode byUser = history("?userId=" + one.userId() + "&reason=revoked-by-user");
        assertEquals(List.of(one.byUser().sessionId()), ids(byUser));

        JsonNode everyone = history("?reason=revoked-by-admin&max=500");
        assertTrue(ids(everyone)
                .containsAll(List.of(one.byAdmin().sessionId(), other.byAdmin().sessionId())));
        for (JsonNode item : items(everyone)) {
            assertEquals("revoked-by-admin", item.get("reason").asText(), item.toString());
        }
        assertTrue(history("?userId=" + one.userId() + "&reason=incident-response")
                .get("items")
                .isEmpty());
        for (JsonNode item : items(history("?userId=" + other.userId()))) {
            assertEquals(other.userId(), item.get("userId").asText());
        }
    }

    @Test
    void aRemovedUsersHistoryRemainsWithTheRecordedUsername() {
        Ended ended = endInEveryWay();
        awaitHistory(ended.userId(), 4);
        realm().adminDelete("/users/" + ended.userId()).requireSuccess("removing the user");

        JsonNode page = history("?userId=" + ended.userId());
        assertEquals(4, items(page).size(), page.toString());
        assertEquals(
                ended.user(),
                item(page, ended.byAdmin().sessionId()).get("username").asText());
    }

    @Test
    void pagesDoNotOverlap() {
        Ended ended = endInEveryWay();
        List<String> all = ids(awaitHistory(ended.userId(), 4));

        List<String> paged = new ArrayList<>();
        for (int first = 0; first < 4; first += 3) {
            paged.addAll(ids(history("?userId=" + ended.userId() + "&first=" + first + "&max=3")));
        }
        assertEquals(all, paged, "pages in order, none twice");
        assertEquals(4, new HashSet<>(paged).size());
        assertTrue(
                history("?userId=" + ended.userId() + "&first=4").get("items").isEmpty());
        assertEquals(1, items(history("?userId=" + ended.userId() + "&max=1")).size());
    }

    @Test
    void badInputIsA400WithAMessage() {
        Http.Response unknown = api().adminGet(realm().adminToken(), "/history?reason=expired");
        assertEquals(400, unknown.status());
        String message = unknown.json().get("error").asText();
        assertTrue(message.contains("revoked-by-admin") && message.contains("sso-logout"), message);
        for (String query : List.of("?first=-1", "?max=lots", "?first=1.5")) {
            Http.Response response = api().adminGet(realm().adminToken(), "/history" + query);
            assertEquals(400, response.status(), query);
            assertFalse(response.json().get("error").asText().isBlank(), query);
        }
        Http.Response nobody = api().adminGet(realm().adminToken(), "/history?userId=no-such-user");
        assertEquals(200, nobody.status(), "a realm-wide viewer may ask for a removed user's history");
        assertTrue(nobody.json().get("items").isEmpty());
        assertEquals(
                200, api().adminGet(realm().adminToken(), "/history?max=100000").status(), "max is capped");

        String user = newUser("pager");
        Tokens own = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.CURL);
        assertEquals(400, api().accountGet(own.accessToken(), "/history?max=-2").status());
    }

    @Test
    void onlyViewersOfUsersReadTheHistory() {
        Ended ended = endInEveryWay();
        awaitHistory(ended.userId(), 4);
        String plainUser = newUser("plain");
        String viewerUser = newUser("viewer");
        realm().assignClientRole(realm().userId(viewerUser), "realm-management", "view-users");
        String plain = OAuth.passwordGrant(realm(), API, null, plainUser, "pw", UserAgents.CURL)
                .accessToken();
        String viewer = OAuth.passwordGrant(realm(), API, null, viewerUser, "pw", UserAgents.CURL)
                .accessToken();

        assertEquals(403, api().adminGet(plain, "/history").status());
        assertEquals(
                403, api().adminGet(plain, "/history?userId=" + ended.userId()).status());
        JsonNode seen = api().adminGet(viewer, "/history?userId=" + ended.userId())
                .requireSuccess("a viewer reads the history")
                .json();
        assertEquals(4, items(seen).size(), seen.toString());
        assertEquals(200, api().adminGet(viewer, "/history").status());
    }

    /**
     * Fine-grained admin permissions: a delegate who may view one user (and query users, which reaching any user
     * route asks) reads that user's history and no one else's, nor the realm's.
     */
    @Test
    void aViewerOfOneUserReadsThatUsersHistoryOnly() {
        Ended allowed = endInEveryWay();
        Ended other = endInEveryWay();
        awaitHistory(allowed.userId(), 4);
        String delegate = newUser("delegate");
        String delegateId = realm().userId(delegate);
        realm().assignClientRole(delegateId, "realm-management", "query-users");
        realm().adminPut("", Json.object().put("adminPermissionsEnabled", true))
                .requireSuccess("fine-grained admin permissions on");
        ClientResource permissions = realm().admin().clients().get(realm().clientUuid("admin-permissions"));
        UserPolicyRepresentation policy = new UserPolicyRepresentation();
        policy.setName("the delegate");
        policy.addUser(delegateId);
        try (Response created = permissions.authorization().policies().user().create(policy)) {
            assertEquals(201, created.getStatus(), "the policy");
        }
        ScopePermissionRepresentation permission = new ScopePermissionRepresentation();
        permission.setName("view one user");
        permission.setResourceType("Users");
        permission.addResource(allowed.userId());
        permission.setScopes(Set.of("view"));
        permission.addPolicy(policy.getName());
        try (Response created =
                permissions.authorization().permissions().scope().create(permission)) {
            assertEquals(201, created.getStatus(), "the permission");
        }
        String token = OAuth.passwordGrant(realm(), API, null, delegate, "pw", UserAgents.CURL)
                .accessToken();

        JsonNode seen = api().adminGet(token, "/history?userId=" + allowed.userId())
                .requireSuccess("the delegate reads the user's history")
                .json();
        assertEquals(ids(history("?userId=" + allowed.userId() + "&max=50")), ids(seen));
        assertEquals(
                403, api().adminGet(token, "/history?userId=" + other.userId()).status());
        assertEquals(403, api().adminGet(token, "/history").status());
        assertEquals(404, api().adminGet(token, "/history?userId=no-such-user").status());
        assertEquals(
                403, api().adminGet(token, "/history?reason=revoked-by-admin").status());
    }

    @Test
    void theAccountRouteListsTheCallersOwnOnly() {
        Ended mine = endInEveryWay();
        Ended theirs = endInEveryWay();
        awaitHistory(mine.userId(), 4);
        awaitHistory(theirs.userId(), 4);

        JsonNode own = api().accountGet(mine.kept().accessToken(), "/history?max=50")
                .requireSuccess("the account history")
                .json();
        assertTrue(own.get("eventsStored").asBoolean());
        assertEquals(ids(history("?userId=" + mine.userId())), ids(own));
        for (JsonNode item : items(own)) {
            assertEquals(mine.userId(), item.get("userId").asText());
        }
        assertEquals(
                "revoked-by-admin",
                item(own, mine.byAdmin().sessionId()).get("reason").asText());
        JsonNode paged = api().accountGet(mine.kept().accessToken(), "/history?first=1&max=2")
                .requireSuccess("a page")
                .json();
        assertEquals(ids(own).subList(1, 3), ids(paged));
        assertEquals(401, api().accountGet("garbage", "/history").status());
    }

    @Test
    void aRealmThatStoresNoLogoutEventsSaysSo() {
        try (TestRealm quiet = TestRealm.create(server(), realm().name() + "-quiet")) {
            quiet.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
            quiet.createUser("quiet", "pw");
            SessionControlClient quietApi = new SessionControlClient(quiet);
            Tokens a = OAuth.passwordGrant(quiet, API, null, "quiet", "pw", UserAgents.CURL);
            Tokens b = OAuth.passwordGrant(quiet, API, null, "quiet", "pw", UserAgents.CURL);
            assertEquals(
                    204,
                    quietApi.accountDelete(a.accessToken(), "/sessions/" + b.sessionId())
                            .status());

            quiet.adminPut("", Json.object().put("eventsEnabled", false)).requireSuccess("events off");
            assertOff(quietApi.adminGet(quiet.adminToken(), "/history")
                    .requireSuccess("admin")
                    .json());
            assertOff(quietApi.accountGet(a.accessToken(), "/history")
                    .requireSuccess("account")
                    .json());

            quiet.adminPut(
                            "",
                            Json.object()
                                    .put("eventsEnabled", true)
                                    .set("enabledEventTypes", Json.parse("[\"LOGIN\"]")))
                    .requireSuccess("LOGOUT not stored");
            assertOff(quietApi.adminGet(quiet.adminToken(), "/history")
                    .requireSuccess("admin")
                    .json());

            quiet.adminPut("", Json.object().set("enabledEventTypes", Json.parse("[]")))
                    .requireSuccess("Keycloak's default types");
            JsonNode on = quietApi.adminGet(quiet.adminToken(), "/history")
                    .requireSuccess("admin")
                    .json();
            assertTrue(on.get("eventsStored").asBoolean(), on.toString());
            assertEquals(List.of(b.sessionId()), ids(on), "the ending stored before the history was turned off");
        }
    }

    private static void assertOff(JsonNode answer) {
        assertFalse(answer.get("eventsStored").asBoolean(), answer.toString());
        assertTrue(answer.get("items").isEmpty(), answer.toString());
    }
}
