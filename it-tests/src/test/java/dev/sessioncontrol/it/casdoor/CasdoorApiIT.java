package dev.sessioncontrol.it.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Casdoor-compatible routes over raw HTTP: Casdoor's envelope and wording, and authorization stricter than
 * Casdoor's; every refusal changes nothing.
 */
class CasdoorApiIT extends AbstractKeycloakIT {

    private static final String WEB = "web-app";
    private static final String WEB_SECRET = "web-secret";
    private static final String MOBILE = "mobile-app";
    private static final String MOBILE_SECRET = "mobile-secret";
    private static final String ADMIN_SVC = "admin-svc";
    private static final String ADMIN_SECRET = "admin-secret";
    private static final String DISABLED = "disabled-app";

    private static TestRealm other;

    @BeforeAll
    static void setUp(TestRealm realm, KeycloakServer server) {
        realm.createClient(ClientSpec.confidential(WEB, WEB_SECRET)
                .directAccessGrants(true)
                .casdoorApi());
        realm.createClient(ClientSpec.confidential(MOBILE, MOBILE_SECRET)
                .directAccessGrants(true)
                .casdoorApi());
        String admin = realm.createClient(ClientSpec.confidential(ADMIN_SVC, ADMIN_SECRET)
                .standardFlow(false)
                .serviceAccounts(true)
                .casdoorApi());
        realm.assignServiceAccountClientRole(admin, "realm-management", "manage-users");
        String disabled = realm.createClient(
                ClientSpec.confidential(DISABLED, "disabled-secret").casdoorApi());
        realm.adminPut(
                        "/clients/" + disabled,
                        Json.object().put("clientId", DISABLED).put("enabled", false))
                .requireSuccess("disabling a client");

        other = TestRealm.create(server, realm.name() + "-other");
        other.createClient(ClientSpec.confidential("other-app", "other-secret")
                .directAccessGrants(true)
                .casdoorApi());
        other.createUser("stranger", "pw");
    }

    @AfterAll
    static void tearDown() {
        if (other != null) {
            other.close();
        }
    }

    private CasdoorHttp web() {
        return CasdoorHttp.client(realm(), WEB, WEB_SECRET);
    }

    private CasdoorHttp adminService() {
        return CasdoorHttp.client(realm(), ADMIN_SVC, ADMIN_SECRET);
    }

    private Tokens signIn(String user, String client, String secret) {
        return OAuth.passwordGrant(realm(), client, secret, user, "pw", UserAgents.CHROME_DESKTOP);
    }

    private List<String> liveSessions(String username) {
        return realm().userSessions(realm().userId(username)).stream()
                .map(s -> s.get("id").asText())
                .toList();
    }

    private static String pkId(TestRealm realm, String name, String application) {
        return realm.name() + "/" + name + "/" + application;
    }

    private static void assertOk(Http.Response response) {
        assertEquals(200, response.status(), response.toString());
        assertEquals("ok", response.json().get("status").asText(), response.body());
    }

    private static void assertError(String message, Http.Response response) {
        assertEquals(200, response.status(), response.toString());
        assertEquals("error", response.json().get("status").asText(), response.body());
        assertEquals(message, response.json().get("msg").asText());
        assertTrue(response.json().get("data").isNull());
    }

    @Test
    void everyAnswerIsCasdoorsEnvelopeInCasdoorsOrder() {
        Http.Response listed = web().get("get-sessions", Map.of("owner", realm().name()));
        assertOk(listed);
        assertEquals(
                "application/json;charset=utf-8",
                listed.header("Content-Type").orElse("").replace(" ", "").toLowerCase());
        List<String> keys = new ArrayList<>();
        listed.json().fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("status", "msg", "sub", "name", "data", "data2", "data3"), keys);
        assertTrue(listed.json().get("data").isArray());
        assertTrue(listed.json().get("data2").isNull());
        assertTrue(listed.json().get("data3").isNull());
        assertEquals("", listed.json().get("msg").asText());

        Http.Response refused = CasdoorHttp.anonymous(realm()).get("get-sessions", Map.of());
        List<String> errorKeys = new ArrayList<>();
        refused.json().fieldNames().forEachRemaining(errorKeys::add);
        assertEquals(keys, errorKeys);
        assertError("Unauthorized operation", refused);
    }

    @Test
    void bothCurrentSessionMessagesWordForWord() {
        realm().createUser("carol", "pw");
        Tokens carol = signIn("carol", WEB, WEB_SECRET);
        CasdoorHttp asCarol = CasdoorHttp.bearer(realm(), carol.accessToken());
        String body = CasdoorHttp.body(realm().name(), "carol", WEB);

        assertError(
                "session id " + carol.sessionId() + " is the current session and cannot be deleted",
                asCarol.post("delete-session", Map.of("sessionId", carol.sessionId()), body));
        assertError(
                "session:session id " + carol.sessionId() + " is the current session and cannot be deleted",
                asCarol.post("delete-session", Map.of(), body));
        assertEquals(List.of(carol.sessionId()), liveSessions("carol"));
    }

    @Test
    void aUserEndsTheirOwnOtherSessionButNobodyElses() {
        realm().createUser("erin", "pw");
        realm().createUser("frank", "pw");
        Tokens erinWeb = signIn("erin", WEB, WEB_SECRET);
        Tokens erinMobile = signIn("erin", MOBILE, MOBILE_SECRET);
        Tokens frank = signIn("frank", WEB, WEB_SECRET);
        CasdoorHttp asErin = CasdoorHttp.bearer(realm(), erinWeb.accessToken());

        assertError(
                "Unauthorized operation",
                asErin.get("get-session", Map.of("sessionPkId", pkId(realm(), "frank", WEB))));
        assertError(
                "Unauthorized operation",
                asErin.post("delete-session", Map.of(), CasdoorHttp.body(realm().name(), "frank", WEB)));
        assertEquals(List.of(frank.sessionId()), liveSessions("frank"));

        Http.Response ended = asErin.post(
                "delete-session",
                Map.of("sessionId", erinMobile.sessionId()),
                CasdoorHttp.body(realm().name(), "erin", MOBILE));
        assertOk(ended);
        assertEquals("Affected", ended.json().get("data").asText());
        assertEquals(List.of(erinWeb.sessionId()), liveSessions("erin"));
        assertEquals(
                "casdoor-api",
                Events.await(realm(), "LOGOUT", erinMobile.sessionId())
                        .at("/details/reason")
                        .asText());
    }

    @Test
    void isSessionDuplicatedInAllFourCases() {
        Map<String, String> record = Map.of("sessionPkId", pkId(realm(), "dup", WEB), "sessionId", "first");
        assertFalse(
                web().get("is-session-duplicated", record).json().get("data").asBoolean(), "no record");

        assertOk(web().post(
                        "add-session",
                        Map.of("id", realm().name() + "/dup"),
                        CasdoorHttp.body(realm().name(), "dup", WEB, "first")));
        assertFalse(
                web().get("is-session-duplicated", record).json().get("data").asBoolean(), "only this id");
        Map<String, String> another = Map.of("sessionPkId", pkId(realm(), "dup", WEB), "sessionId", "second");
        assertTrue(
                web().get("is-session-duplicated", another).json().get("data").asBoolean(), "only another id");

        assertOk(web().post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "dup", WEB, "second")));
        Http.Response both = web().get("is-session-duplicated", record);
        assertOk(both);
        assertTrue(both.json().get("data").isBoolean());
        assertTrue(both.json().get("data").asBoolean(), "more than one id");
    }

    @Test
    void aClientIsLimitedToItsOwnApplication() {
        realm().createUser("dave", "pw");
        Tokens daveWeb = signIn("dave", WEB, WEB_SECRET);
        Tokens daveMobile = signIn("dave", MOBILE, MOBILE_SECRET);

        Http.Response listed = web().get("get-sessions", Map.of("owner", realm().name()));
        assertOk(listed);
        for (JsonNode r : Json.list(listed.json().get("data"))) {
            assertEquals(WEB, r.get("application").asText(), listed.body());
        }
        assertTrue(Json.list(listed.json().get("data")).stream()
                .anyMatch(r -> r.get("name").asText().equals("dave")
                        && r.get("sessionId").toString().contains(daveWeb.sessionId())));

        assertError(
                "Unauthorized operation",
                web().get("get-session", Map.of("sessionPkId", pkId(realm(), "dave", MOBILE))));
        assertError(
                "Unauthorized operation",
                web().post(
                                "delete-session",
                                Map.of("sessionId", daveMobile.sessionId()),
                                CasdoorHttp.body(realm().name(), "dave", MOBILE)));
        assertError(
                "Unauthorized operation",
                web().post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "dave", MOBILE, "planted")));
        assertTrue(liveSessions("dave").containsAll(List.of(daveWeb.sessionId(), daveMobile.sessionId())));
        JsonNode mobileRecord = adminService()
                .get("get-session", Map.of("sessionPkId", pkId(realm(), "dave", MOBILE)))
                .json()
                .get("data");
        assertEquals(List.of(daveMobile.sessionId()), ids(mobileRecord));
    }

    @Test
    void aServiceAccountWithManageUsersReadsAndEndsAnySession() {
        realm().createUser("gina", "pw");
        Tokens ginaWeb = signIn("gina", WEB, WEB_SECRET);
        Tokens ginaMobile = signIn("gina", MOBILE, MOBILE_SECRET);

        Http.Response listed = adminService().get("get-sessions", Map.of("owner", realm().name()));
        assertTrue(
                Json.list(listed.json().get("data")).stream()
                        .anyMatch(r -> r.get("name").asText().equals("gina")
                                && r.get("application").asText().equals(MOBILE)),
                listed.body());

        Http.Response ended =
                adminService().post("delete-session", Map.of(), CasdoorHttp.body(realm().name(), "gina", MOBILE));
        assertEquals("Affected", ended.json().get("data").asText(), ended.body());
        assertEquals(List.of(ginaWeb.sessionId()), liveSessions("gina"));
        JsonNode event = Events.await(realm(), "LOGOUT", ginaMobile.sessionId());
        assertEquals("casdoor-api", event.at("/details/reason").asText());
        assertEquals(ADMIN_SVC, event.get("clientId").asText());
        assertFalse(OAuth.refresh(realm(), MOBILE, MOBILE_SECRET, ginaMobile.refreshToken())
                .ok());

        Http.Response again =
                adminService().post("delete-session", Map.of(), CasdoorHttp.body(realm().name(), "gina", MOBILE));
        assertEquals("Unaffected", again.json().get("data").asText());
    }

    @Test
    void strangersWrongSecretsAndDisabledClientsReadAndChangeNothing() {
        realm().createUser("hank", "pw");
        Tokens hank = signIn("hank", WEB, WEB_SECRET);
        String body = CasdoorHttp.body(realm().name(), "hank", WEB);
        Tokens stranger = OAuth.passwordGrant(other, "other-app", "other-secret", "stranger", "pw", null);

        List<Map.Entry<String, CasdoorHttp>> callers = List.of(
                // One message for an unknown client and wrong credentials, as Keycloak's token endpoint words it.
                Map.entry(CasdoorHttp.INVALID_CLIENT, CasdoorHttp.client(realm(), WEB, "wrong")),
                Map.entry(CasdoorHttp.INVALID_CLIENT, CasdoorHttp.client(realm(), "nope", "x")),
                Map.entry(CasdoorHttp.INVALID_CLIENT, CasdoorHttp.client(realm(), DISABLED, "disabled-secret")),
                Map.entry(CasdoorHttp.INVALID_CLIENT, CasdoorHttp.client(realm(), "other-app", "other-secret")),
                Map.entry("Unauthorized operation", CasdoorHttp.bearer(realm(), stranger.accessToken())),
                Map.entry("Unauthorized operation", CasdoorHttp.anonymous(realm())));
        for (Map.Entry<String, CasdoorHttp> caller : callers) {
            assertError(caller.getKey(), caller.getValue().get("get-sessions", Map.of("owner", realm().name())));
            assertError(caller.getKey(), caller.getValue().post("delete-session", Map.of(), body));
            assertError(
                    caller.getKey(),
                    caller.getValue()
                            .post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "hank", WEB, "planted")));
        }
        assertError("Unauthorized operation", web().get("get-sessions", Map.of("owner", other.name())));
        assertEquals(List.of(hank.sessionId()), liveSessions("hank"));
        assertEquals(
                List.of(hank.sessionId()),
                ids(web().get("get-session", Map.of("sessionPkId", pkId(realm(), "hank", WEB)))
                        .json()
                        .get("data")));
    }

    @Test
    void malformedJsonAndMalformedIdsAreErrorsThatChangeNothing() {
        realm().createUser("ivy", "pw");
        Tokens ivy = signIn("ivy", WEB, WEB_SECRET);

        assertError(
                "malformed JSON body: expected a session object",
                web().post("delete-session", Map.of(), "{\"owner\":\"" + realm().name() + "\",\"name\":\"ivy\""));
        assertError("malformed JSON body: expected a session object", web().post("add-session", Map.of(), "[\"ivy\"]"));
        assertError(
                "owner, name and application are required",
                web().post("delete-session", Map.of(), "{\"owner\":\"" + realm().name() + "\",\"name\":\"ivy\"}"));
        for (String bad : List.of(realm().name() + "/ivy", realm().name() + "/ivy/" + WEB + "/x", "")) {
            Http.Response response = web().get("get-session", Map.of("sessionPkId", bad));
            assertEquals(200, response.status());
            assertEquals("error", response.json().get("status").asText(), response.body());
        }
        assertError(
                "pageSize must be a positive integer", web().get("get-sessions", Map.of("p", "1", "pageSize", "lots")));
        assertEquals(List.of(ivy.sessionId()), liveSessions("ivy"));
    }

    private static List<String> ids(JsonNode record) {
        return Json.list(record.get("sessionId")).stream().map(JsonNode::asText).toList();
    }

    @Test
    void parallelFirstRegistrationsOfOneRecordAllAnswerWithTheEnvelope() throws Exception {
        String name = "parallel-" + System.nanoTime();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Http.Response>> answers = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String id = "app-session-" + i;
                answers.add(pool.submit(
                        () -> web().post("add-session", Map.of(), CasdoorHttp.body(realm().name(), name, WEB, id))));
            }
            for (Future<Http.Response> answer : answers) {
                Http.Response response = answer.get(60, TimeUnit.SECONDS);
                assertOk(response);
                assertEquals("Affected", response.json().get("data").asText());
            }
        } finally {
            pool.shutdownNow();
        }
        JsonNode record = web().get("get-session", Map.of("sessionPkId", pkId(realm(), name, WEB)))
                .json()
                .get("data");
        assertEquals(writers, record.get("sessionId").size(), "one record holding every writer's id: " + record);
    }
}
