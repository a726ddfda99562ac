package dev.sessioncontrol.it.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakCluster;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.MetricsScrape;
import dev.sessioncontrol.it.support.NewDeviceMails;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client tried, each reproduced: oversized input is an envelope error that stores nothing, a client
 * authenticates only the way it is configured to at the token endpoint, a user's token cannot rewrite the ids its
 * application registered, registrations follow their user and client, the account routes want a token meant for the
 * account. Second round: a page past the end makes nobody recount, a renamed realm leaves no series behind, the
 * Session policy step before any credential does nothing, the new-device e-mail is no relay (every point of it in
 * {@code mail.NewDeviceMailIT}); the endings at once are in {@code endings.CutOffIT}, the DenyNew race in {@code policy.DenyNewRaceIT},
 * the demo's interface in {@code demo.DemoFlowIT}.
 * Casdoor, second round: a user's token reaches the Casdoor routes only as it would reach Keycloak's account API,
 * the API is enabled per client and credentials in the URL can be refused, registrations are bounded and never lock
 * the realm. The server options are tried on a server of their own ({@link #optionsServer}), started once for the
 * tests that need it.
 */
@Tag("both")
class HardeningIT extends AbstractKeycloakIT {

    private static final String APP = "app";
    private static final String APP_SECRET = "app-secret";
    private static final String JWT_APP = "jwt-app";
    private static final String HMAC_APP = "hmac-app";
    private static final String HMAC_SECRET = "a-secret-long-enough-for-hs256-0123456789";
    private static final String PUBLIC_APP = "public-app";
    private static final String BEARER_ONLY = "bearer-only-app";
    private static final String NARROW = "narrow-app";
    /** Tokens with the account audience but only view-profile: they may read, never end. */
    private static final String VIEWER = "viewer-app";
    /** A confidential client, full scope, without the Casdoor API enabled. */
    private static final String OFF_APP = "off-app";

    private static final String OFF_SECRET = "off-secret";

    /** The server with non-default Casdoor options, started by the first test that needs it. */
    private static KeycloakServer optionsServer;

    private static TestRealm optionsRealm;
    private static final int OPTIONS_CAP = 3;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.createClient(ClientSpec.confidential(APP, APP_SECRET)
                .directAccessGrants(true)
                .casdoorApi());
        // Every other client has the API enabled too: what refuses them below is how they authenticate.
        // Set up for signed JWTs, yet with a secret left in Keycloak's store from before.
        createClient(
                realm,
                Json.object()
                        .put("clientId", JWT_APP)
                        .put("clientAuthenticatorType", "client-jwt")
                        .put("secret", "leftover-secret")
                        .put("publicClient", false));
        createClient(
                realm,
                Json.object()
                        .put("clientId", HMAC_APP)
                        .put("clientAuthenticatorType", "client-secret-jwt")
                        .put("secret", HMAC_SECRET)
                        .put("publicClient", false));
        createClient(
                realm,
                Json.object()
                        .put("clientId", PUBLIC_APP)
                        .put("publicClient", true)
                        .put("directAccessGrantsEnabled", true));
        createClient(
                realm,
                Json.object()
                        .put("clientId", BEARER_ONLY)
                        .put("bearerOnly", true)
                        .put("clientAuthenticatorType", "client-secret")
                        .put("secret", "bearer-secret"));
        // A client whose tokens carry no account roles, hence no account audience.
        createClient(
                realm,
                Json.object()
                        .put("clientId", NARROW)
                        .put("publicClient", true)
                        .put("directAccessGrantsEnabled", true)
                        .put("fullScopeAllowed", false));
        String viewer = realm.adminPost(
                        "/clients",
                        withDefaults(Json.object()
                                .put("clientId", VIEWER)
                                .put("publicClient", true)
                                .put("directAccessGrantsEnabled", true)
                                .put("fullScopeAllowed", false)))
                .requireSuccess("creating " + VIEWER)
                .location();
        String account = realm.clientUuid("account");
        JsonNode viewProfile = realm.adminGet("/clients/" + account + "/roles/view-profile")
                .requireSuccess("reading view-profile")
                .json();
        realm.adminPost(
                        "/clients/" + viewer.substring(viewer.lastIndexOf('/') + 1) + "/scope-mappings/clients/"
                                + account,
                        List.of(viewProfile))
                .requireSuccess("mapping view-profile into " + VIEWER + "'s tokens");
        realm.createClient(ClientSpec.confidential(OFF_APP, OFF_SECRET).directAccessGrants(true));
    }

    @AfterAll
    static void stopOptionsServer() {
        if (optionsServer != null) {
            optionsServer.stop();
            optionsServer = null;
        }
    }

    private static void createClient(TestRealm realm, ObjectNode representation) {
        realm.adminPost("/clients", withDefaults(representation))
                .requireSuccess("creating " + representation.get("clientId"));
    }

    private static ObjectNode withDefaults(ObjectNode representation) {
        representation.put("protocol", "openid-connect").put("enabled", true);
        representation.putObject("attributes").put(ClientSpec.CASDOOR_API_ATTRIBUTE, "true");
        return representation;
    }

    /**
     * A server with every Casdoor option away from its default: URL credentials refused, {@value #OPTIONS_CAP}
     * records per application, records of unknown names removed after a second, looked for every second.
     */
    private static TestRealm optionsRealm(KeycloakCluster cluster) {
        if (optionsRealm == null) {
            String option = "--spi-realm-restapi-extension--casdoor--";
            optionsServer = cluster.startExtra(
                    "casdoor-options",
                    true,
                    List.of(
                            option + "allow-query-credentials=false",
                            option + "max-records-per-application=" + OPTIONS_CAP,
                            option + "unknown-name-record-seconds=1",
                            option + "cleanup-interval-seconds=1"));
            optionsRealm = TestRealm.create(optionsServer, "hardening-options");
            optionsRealm.createClient(ClientSpec.confidential(APP, APP_SECRET)
                    .directAccessGrants(true)
                    .casdoorApi());
        }
        return optionsRealm;
    }

    private CasdoorHttp app() {
        return CasdoorHttp.client(realm(), APP, APP_SECRET);
    }

    private JsonNode record(String name) {
        return app().get("get-session", Map.of("sessionPkId", realm().name() + "/" + name + "/" + APP))
                .json();
    }

    /** Casdoor's answer to a change that was made. */
    private static void assertAffected(Http.Response response) {
        assertEquals("Affected", response.json().get("data").asText(), response.body());
    }

    private static void assertEnvelopeError(String expectedInMessage, Http.Response response) {
        assertEquals(200, response.status(), response.toString());
        assertEquals("error", response.json().get("status").asText(), response.body());
        assertTrue(response.json().get("msg").asText().contains(expectedInMessage), response.body());
    }

    private static String body(String name, String createdTime, List<String> ids) {
        ObjectNode body = Json.object()
                .put("owner", "OWNER")
                .put("name", name)
                .put("application", APP)
                .put("createdTime", createdTime);
        ids.forEach(body.putArray("sessionId")::add);
        return Json.write(body);
    }

    private String body(String name, List<String> ids) {
        return body(name, "", ids).replace("OWNER", realm().name());
    }

    @Test
    void oversizedValuesAreEnvelopeErrorsAndStoreNothing() {
        String longName = "n".repeat(300);
        assertEnvelopeError(
                "name is longer than 255", app().post("add-session", Map.of(), body(longName, List.of("x"))));
        assertEnvelopeError(
                "createdTime is longer than 100",
                app().post(
                                "update-session",
                                Map.of(),
                                body("ok-name", "t".repeat(101), List.of("x")).replace("OWNER", realm().name())));
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i <= 100; i++) {
            tooMany.add("id-" + i);
        }
        assertEnvelopeError("more than 100 ids", app().post("add-session", Map.of(), body("ok-name", tooMany)));
        assertEnvelopeError(
                "sessionId is longer than 255",
                app().post("add-session", Map.of(), body("ok-name", List.of("i".repeat(256)))));
        assertEnvelopeError(
                "control characters", app().post("add-session", Map.of(), body("bad\u0001name", List.of("x"))));
        assertEnvelopeError(
                "request body is larger",
                app().post(
                                "add-session",
                                Map.of(),
                                body("ok-name", List.of("x"))
                                        .replace(
                                                "\"createdTime\":\"\"",
                                                "\"createdTime\":\"\",\"padding\":\"" + "p".repeat(70_000) + "\"")));
        assertEnvelopeError(
                "longer than 255",
                app().get("get-session", Map.of("sessionPkId", realm().name() + "/" + longName + "/" + APP)));
        assertEnvelopeError(
                "longer than 255",
                app().get(
                                "is-session-duplicated",
                                Map.of(
                                        "sessionPkId",
                                        realm().name() + "/ok-name/" + APP,
                                        "sessionId",
                                        "s".repeat(256))));

        assertTrue(record("ok-name").get("data").isNull(), "nothing stored");
        // The bounds themselves are accepted.
        assertAffected(app().post("add-session", Map.of(), body("n".repeat(255), List.of("i".repeat(255)))));
        assertEquals(
                List.of("i".repeat(255)),
                Json.list(record("n".repeat(255)).at("/data/sessionId")).stream()
                        .map(JsonNode::asText)
                        .toList());
    }

    @Test
    void postRoutesWithoutAContentTypeStillAnswerAndMultipartIsRefusedBeforeAnyRoute() {
        String base = CasdoorHttp.endpoint(realm()) + "/api/";
        Http.Response logout = Http.send(
                Http.request(base + "sso-logout", null).POST(java.net.http.HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, logout.status(), logout.toString());
        assertEquals("ok", logout.json().get("status").asText(), logout.body());
        String basic = "Basic "
                + Base64.getEncoder().encodeToString((APP + ":" + APP_SECRET).getBytes(StandardCharsets.UTF_8));
        Http.Response added = Http.send(Http.request(base + "add-session", null)
                .header("Authorization", basic)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body("xena", List.of("x-1")))));
        assertAffected(added);
        Http.Response multipart = Http.send(Http.request(base + "add-session", null)
                .header("Authorization", basic)
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("not multipart")));
        assertEquals(415, multipart.status(), multipart.toString());
    }

    @Test
    void aClientAuthenticatesOnlyAsItIsConfiguredTo() {
        String list = "get-sessions";
        Map<String, String> owner = Map.of("owner", realm().name());
        String invalid = CasdoorHttp.INVALID_CLIENT;
        // The secret Keycloak still stores for a signed-JWT client is refused, as at the token endpoint.
        assertEquals(
                "invalid_client",
                OAuth.tokenRequest(
                                realm(),
                                Map.of(
                                        "grant_type",
                                        "client_credentials",
                                        "client_id",
                                        JWT_APP,
                                        "client_secret",
                                        "leftover-secret"),
                                null)
                        .error());
        assertEnvelopeError(
                invalid, CasdoorHttp.client(realm(), JWT_APP, "leftover-secret").get(list, owner));
        assertEnvelopeError(
                invalid,
                CasdoorHttp.anonymous(realm())
                        .get(
                                list,
                                Map.of(
                                        "owner",
                                        realm().name(),
                                        "clientId",
                                        JWT_APP,
                                        "clientSecret",
                                        "leftover-secret")));
        // A client-secret-jwt client: its secret alone is not its credential, a signed assertion is.
        assertEnvelopeError(
                invalid, CasdoorHttp.client(realm(), HMAC_APP, HMAC_SECRET).get(list, owner));
        Http.Response signed = CasdoorHttp.anonymous(realm())
                .get(
                        list,
                        Map.of(
                                "owner",
                                realm().name(),
                                "client_assertion_type",
                                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                "client_assertion",
                                hs256Assertion(HMAC_APP, HMAC_SECRET, OAuth.tokenUrl(realm()))));
        assertEquals("ok", signed.json().get("status").asText(), signed.body());
        assertEnvelopeError(
                invalid,
                CasdoorHttp.anonymous(realm())
                        .get(
                                list,
                                Map.of(
                                        "owner",
                                        realm().name(),
                                        "client_assertion_type",
                                        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                        "client_assertion",
                                        hs256Assertion(
                                                HMAC_APP,
                                                "another-secret-of-the-same-length-0123456789",
                                                OAuth.tokenUrl(realm())))));
        assertEnvelopeError(
                invalid,
                CasdoorHttp.anonymous(realm())
                        .get(list, Map.of("owner", realm().name(), "client_assertion", "not.a.jwt")));
        // Public and bearer-only clients have no credentials to present.
        assertEnvelopeError(
                invalid, CasdoorHttp.client(realm(), PUBLIC_APP, "anything").get(list, owner));
        assertEnvelopeError(
                invalid,
                CasdoorHttp.anonymous(realm()).get(list, Map.of("owner", realm().name(), "clientId", PUBLIC_APP)));
        assertEnvelopeError(
                invalid,
                CasdoorHttp.client(realm(), BEARER_ONLY, "bearer-secret").get(list, owner));
        // The configured secret still works.
        assertEquals("ok", app().get(list, owner).json().get("status").asText());
    }

    @Test
    void aUsersTokenEndsButNeverRegisters() {
        realm().createUser("uma", "pw");
        assertAffected(app().post("add-session", Map.of(), body("uma", List.of("app-id-1"))));
        Tokens uma = OAuth.passwordGrant(realm(), APP, APP_SECRET, "uma", "pw", UserAgents.CHROME_DESKTOP);
        CasdoorHttp asUma = CasdoorHttp.bearer(realm(), uma.accessToken());

        assertEnvelopeError("Unauthorized operation", asUma.post("update-session", Map.of(), body("uma", List.of())));
        assertEnvelopeError(
                "Unauthorized operation", asUma.post("add-session", Map.of(), body("uma", List.of("mine"))));
        JsonNode stored = record("uma").get("data");
        assertTrue(
                Json.list(stored.get("sessionId")).stream()
                        .anyMatch(id -> id.asText().equals("app-id-1")),
                stored.toString());
        assertTrue(Json.list(stored.get("sessionId")).stream()
                .noneMatch(id -> id.asText().equals("mine")));
        // The application's own duplicate check still sees its ids.
        assertTrue(app().get(
                        "is-session-duplicated",
                        Map.of("sessionPkId", realm().name() + "/uma/" + APP, "sessionId", "another"))
                .json()
                .get("data")
                .asBoolean());
        // Reading stays the user's right.
        assertEquals(
                "ok",
                asUma.get("get-session", Map.of("sessionPkId", realm().name() + "/uma/" + APP))
                        .json()
                        .get("status")
                        .asText());
    }

    @Test
    void registrationsFollowTheirUserAndTheirClient() {
        String userId = realm().createUser("vera", "pw");
        assertAffected(app().post("add-session", Map.of(), body("vera", List.of("vera-old"))));
        realm().adminDelete("/users/" + userId).requireSuccess("removing vera");
        realm().createUser("vera", "pw");
        assertTrue(record("vera").get("data").isNull(), "a new vera inherits nothing: " + record("vera"));

        String temp = "temp-app";
        String tempUuid = realm().createClient(
                        ClientSpec.confidential(temp, "temp-secret").casdoorApi());
        CasdoorHttp asTemp = CasdoorHttp.client(realm(), temp, "temp-secret");
        String tempBody = Json.write(Json.object()
                .put("owner", realm().name())
                .put("name", "vera")
                .put("application", temp)
                .set("sessionId", Json.MAPPER.createArrayNode().add("temp-id")));
        assertAffected(asTemp.post("add-session", Map.of(), tempBody));
        realm().adminDelete("/clients/" + tempUuid).requireSuccess("removing the client");
        realm().createClient(ClientSpec.confidential(temp, "temp-secret").casdoorApi());
        JsonNode again = asTemp.get("get-session", Map.of("sessionPkId", realm().name() + "/vera/" + temp))
                .json();
        assertTrue(again.get("data").isNull(), "a new client of the same id inherits nothing: " + again);
    }

    @Test
    void accountRoutesWantATokenMeantForTheAccount() {
        realm().createUser("wes", "pw");
        Tokens narrow = OAuth.passwordGrant(realm(), NARROW, null, "wes", "pw", UserAgents.CHROME_DESKTOP);
        assertTrue(
                !Json.jwtClaims(narrow.accessToken()).path("aud").toString().contains("\"account\""),
                "the narrow client's token is not meant for the account");
        Http.Response refused = Http.get(realm().url() + "/session-control/account/sessions", narrow.accessToken());
        assertEquals(401, refused.status(), refused.toString());
        assertTrue(refused.json().get("error").asText().contains("audience"), refused.body());

        Tokens wide = OAuth.passwordGrant(realm(), PUBLIC_APP, null, "wes", "pw", UserAgents.CHROME_DESKTOP);
        assertEquals(
                200,
                Http.get(realm().url() + "/session-control/account/sessions", wide.accessToken())
                        .status());
        // Nothing was ended by the refused call.
        assertEquals(
                2,
                realm().userSessions(realm().admin()
                                .users()
                                .searchByUsername("wes", true)
                                .get(0)
                                .getId())
                        .size());
    }

    /**
     * Second round, offsets: a page far past the end answers empty on the account and admin routes, and no node is
     * told to recount (each node logs at DEBUG when a realm's counts are recounted everywhere).
     */
    @Test
    void aPagePastTheEndAnswersEmptyAndNoNodeIsToldToRecount() {
        realm().createUser("olga", "pw");
        Tokens olga = OAuth.passwordGrant(realm(), PUBLIC_APP, null, "olga", "pw", UserAgents.CHROME_DESKTOP);
        Tokens marker = OAuth.passwordGrant(realm(), PUBLIC_APP, null, "olga", "pw", UserAgents.OKHTTP);
        String realmId =
                realm().adminGet("").requireSuccess("realm").json().get("id").asText();
        long before = staleNotices(realmId);

        Http.Response page =
                Http.get(realm().url() + "/session-control/account/sessions?first=2000000000", olga.accessToken());
        assertEquals(200, page.status(), page.toString());
        assertEquals(0, page.json().size(), page.body());
        Http.Response adminPage = realm().adminGet("/session-control/sessions?first=2000000000");
        assertEquals(200, adminPage.status(), adminPage.toString());
        assertEquals(0, adminPage.json().get("items").size(), adminPage.body());

        // A sign-out through Keycloak itself is a reason to recount: its notice shows the log is being read.
        assertEquals(204, OAuth.logout(realm(), PUBLIC_APP, null, marker.refreshToken()));
        Poll.until("the sign-out's recount notice", Duration.ofSeconds(30), () -> staleNotices(realmId) > before);
        assertEquals(before + 1, staleNotices(realmId), "only the sign-out made the nodes recount");
    }

    private long staleNotices(String realmId) {
        return cluster().nodes().stream()
                .mapToLong(node -> logLines(node, "Counts of realm " + realmId + " are stale"))
                .sum();
    }

    /** Lines of the node's log that contain {@code text}. */
    private static long logLines(KeycloakServer node, String text) {
        try (Stream<String> lines = Files.lines(node.logFile())) {
            return lines.filter(l -> l.contains(text)).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Second round, metrics: a renamed realm's series go with the old name, on every node. */
    @Test
    void aRenamedRealmLeavesNoSeriesUnderItsOldName() {
        String oldName = realm().name() + "-before";
        String newName = realm().name() + "-after";
        try (TestRealm renamed = TestRealm.create(server(), oldName)) {
            renamed.createClient(ClientSpec.publicClient("mobile")
                    .standardFlow(false)
                    .directAccessGrants(true)
                    .attribute("session-control.device-type", "Mobile"));
            renamed.createUser("rita", "pw");
            Tokens rita = OAuth.passwordGrant(renamed, "mobile", null, "rita", "pw", UserAgents.OKHTTP);
            OAuth.passwordGrant(renamed, "mobile", null, "rita", "pw", UserAgents.OKHTTP);
            renamed.adminDelete("/session-control/sessions/" + rita.sessionId()).requireSuccess("ending one");
            Poll.until(
                    "series under the old name on every node",
                    Duration.ofSeconds(30),
                    () -> cluster().nodes().stream().allMatch(node -> seriesOf(node, oldName) > 0));

            renamed.adminPut("", Json.object().put("realm", newName)).requireSuccess("renaming the realm");
            try {
                Poll.until(
                        "no series under the old name, series under the new one, on every node",
                        Duration.ofSeconds(90),
                        () -> cluster().nodes().stream()
                                .allMatch(node -> seriesOf(node, oldName) == 0 && seriesOf(node, newName) > 0));
            } finally {
                Http.delete(server().baseUrl() + "/admin/realms/" + newName, server().adminToken());
            }
        }
    }

    private static long seriesOf(KeycloakServer node, String realmName) {
        return MetricsScrape.ofExtension(node).samples().stream()
                .filter(sample -> realmName.equals(sample.labels().get("realm")))
                .count();
    }

    /**
     * Second round, the Session policy step placed after a username-only step: for a request nobody has
     * authenticated it does nothing. No word that the user is signed in elsewhere, no place kept for it.
     */
    @Test
    void theSessionPolicyStepBeforeAnyCredentialDoesNothing() {
        try (TestRealm guarded = TestRealm.create(server(), realm().name() + "-misplaced")) {
            guarded.createClient(ClientSpec.publicClient("mobile")
                    .standardFlow(false)
                    .directAccessGrants(true)
                    .attribute("session-control.device-type", "Mobile"));
            guarded.copyFlowWithSessionPolicy("direct grant", "username first", "username first");
            // Moved up past the OTP sub-flow and the password: right after the username.
            for (JsonNode execution : Json.list(
                    guarded.adminGet("/authentication/flows/" + TestRealm.flowAlias("username first") + "/executions")
                            .json())) {
                if ("session-control-policy".equals(execution.path("providerId").asText())) {
                    for (int i = 0; i < 2; i++) {
                        guarded.adminPost(
                                        "/authentication/executions/"
                                                + execution.get("id").asText() + "/raise-priority",
                                        null)
                                .requireSuccess("moving the step up");
                    }
                }
            }
            guarded.adminPut("", Json.object().put("directGrantFlow", "username first"))
                    .requireSuccess("binding");
            guarded.adminPut(
                            "/session-control/policy",
                            Json.parse("{\"mode\":\"LogoutFromSameTypeDevices\","
                                    + "\"maxSessionsPerDeviceType\":1,\"action\":\"DenyNew\"}"))
                    .requireSuccess("policy");
            guarded.createUser("sam", "pw");
            guarded.createUser("tia", "pw");
            OAuth.passwordGrant(guarded, "mobile", null, "sam", "pw", UserAgents.OKHTTP);

            OAuth.TokenResult guess =
                    OAuth.passwordGrantResult(guarded, "mobile", null, "sam", "wrong", UserAgents.OKHTTP);
            assertEquals("invalid_grant", guess.error(), guess.toString());
            assertTrue(
                    !guess.toString().contains("signed in") && !guess.toString().contains("limit"),
                    "nothing about the user's other sessions: " + guess);

            OAuth.TokenResult wrong =
                    OAuth.passwordGrantResult(guarded, "mobile", null, "tia", "wrong", UserAgents.OKHTTP);
            assertEquals("invalid_grant", wrong.error(), wrong.toString());
            assertTrue(
                    OAuth.passwordGrantResult(guarded, "mobile", null, "tia", "pw", UserAgents.OKHTTP)
                            .ok(),
                    "the failed attempt kept no place");
            Poll.until(
                    "the misplaced step reported in the log",
                    Duration.ofSeconds(10),
                    () -> cluster().nodes().stream()
                            .anyMatch(
                                    node -> logLines(node, "runs the Session policy step before any credential") > 0));
        }
    }

    /**
     * Second round, the new-device e-mail: an account registered with a stranger's address and signing in with ever new User-Agents and a
     * forged Host turned the realm's SMTP server into a relay. The stranger's unverified address now gets nothing; a
     * verified one at most five e-mails an hour, none naming the forged host.
     */
    @Test
    void theNewDeviceMailIsNoRelay() throws Exception {
        NewDeviceMails.enable(realm());
        List<TestRealm> nodes = cluster().nodes().stream().map(realm()::on).toList();
        try {
            String strangerId = realm().createUser("stranger", "pw");
            realm().createUser("owner", "pw");
            NewDeviceMails.setEmailVerified(realm(), strangerId, false); // as self-registration leaves an address
            for (int i = 0; i < NewDeviceMails.DEVICES.size(); i++) {
                for (String user : List.of("stranger", "owner")) {
                    NewDeviceMails.signInWithForgedHost(
                            nodes.get(i % nodes.size()),
                            PUBLIC_APP,
                            user,
                            NewDeviceMails.DEVICES.get(i),
                            "relay.example");
                }
            }
            NewDeviceMails.barrier(nodes, PUBLIC_APP);
            assertEquals(
                    0, NewDeviceMails.MAIL.messagesTo("stranger@example.test").size());
            List<jakarta.mail.internet.MimeMessage> told = NewDeviceMails.MAIL.messagesTo("owner@example.test");
            assertEquals(5, told.size(), "seven new devices, five e-mails");
            for (jakarta.mail.internet.MimeMessage mail : told) {
                String all = NewDeviceMails.part(mail, "text/plain") + NewDeviceMails.part(mail, "text/html");
                assertTrue(!all.contains("relay.example"), all);
            }
        } finally {
            realm().adminPut("/session-control/policy", Json.object().put("newSignInEmail", false))
                    .requireSuccess("new-device e-mail off");
        }
    }

    private Map<String, String> pk(String name, String application) {
        return Map.of("sessionPkId", realm().name() + "/" + name + "/" + application);
    }

    /**
     * Casdoor, second round: a token without the account audience, or without manage-account, neither signs its user out (over
     * POST, or GET with {@code ?access_token=}) nor reads; a token with only view-profile reads but ends nothing.
     */
    @Test
    void casdoorUserTokensAreCheckedAsTheAccountApiChecksThem() {
        realm().createUser("xia", "pw");
        String xia = realm().userId("xia");
        Tokens full = OAuth.passwordGrant(realm(), APP, APP_SECRET, "xia", "pw", UserAgents.CHROME_DESKTOP);
        Tokens narrow = OAuth.passwordGrant(realm(), NARROW, null, "xia", "pw", UserAgents.FIREFOX_DESKTOP);
        Tokens viewer = OAuth.passwordGrant(realm(), VIEWER, null, "xia", "pw", UserAgents.SAFARI_IPHONE);
        assertEquals(3, realm().userSessions(xia).size());

        CasdoorHttp asNarrow = CasdoorHttp.bearer(realm(), narrow.accessToken());
        assertEnvelopeError("audience", asNarrow.get("get-sessions", Map.of("owner", realm().name())));
        assertEnvelopeError("audience", asNarrow.get("get-session", pk("xia", APP)));
        assertEnvelopeError("audience", asNarrow.post("sso-logout", Map.of(), ""));
        assertEnvelopeError(
                "audience",
                CasdoorHttp.anonymous(realm()).get("sso-logout", Map.of("access_token", narrow.accessToken())));
        assertEquals(3, realm().userSessions(xia).size(), "a token meant for another service ended nothing");

        CasdoorHttp asViewer = CasdoorHttp.bearer(realm(), viewer.accessToken());
        Http.Response read = asViewer.get("get-session", pk("xia", APP));
        assertEquals("ok", read.json().get("status").asText(), read.body());
        assertEquals(
                List.of(full.sessionId()),
                Json.list(read.json().at("/data/sessionId")).stream()
                        .map(JsonNode::asText)
                        .toList());
        assertEnvelopeError("manage-account", asViewer.post("sso-logout", Map.of(), ""));
        assertEnvelopeError(
                "manage-account",
                CasdoorHttp.anonymous(realm())
                        .get("sso-logout", Map.of("access_token", viewer.accessToken(), "logoutAll", "false")));
        assertEnvelopeError(
                "manage-account",
                asViewer.post("delete-session", Map.of("sessionId", full.sessionId()), body("xia", List.of())));
        assertEquals(3, realm().userSessions(xia).size(), "view-profile ended nothing");

        // A token with manage-account still reads and signs its user out, as before.
        CasdoorHttp asFull = CasdoorHttp.bearer(realm(), full.accessToken());
        assertEquals(
                "ok",
                asFull.get("get-session", pk("xia", APP)).json().get("status").asText());
        Http.Response out = asFull.get("sso-logout", Map.of());
        assertEquals("ok", out.json().get("status").asText(), out.body());
        Poll.until(
                "every session of xia ended",
                Duration.ofSeconds(30),
                () -> realm().userSessions(xia).isEmpty());
    }

    /**
     * Casdoor, second round: a client without the Casdoor API enabled gets the envelope error on every route, and so do the
     * tokens of users issued to it (sso-logout included, also over GET with {@code ?access_token=}); nothing is read,
     * stored or ended. Enabled through the client attribute, the same client works.
     */
    @Test
    void theCasdoorApiIsEnabledPerClient() {
        realm().createUser("yan", "pw");
        String yan = realm().userId("yan");
        OAuth.passwordGrant(realm(), APP, APP_SECRET, "yan", "pw", UserAgents.CHROME_DESKTOP);
        Tokens offToken = OAuth.passwordGrant(realm(), OFF_APP, OFF_SECRET, "yan", "pw", UserAgents.OKHTTP);
        String notEnabled = "not enabled";
        String record = Json.write(Json.object()
                .put("owner", realm().name())
                .put("name", "yan")
                .put("application", OFF_APP)
                .set("sessionId", Json.MAPPER.createArrayNode().add("planted")));
        List<CasdoorHttp> callers = List.of(
                CasdoorHttp.client(realm(), OFF_APP, OFF_SECRET), CasdoorHttp.bearer(realm(), offToken.accessToken()));
        for (CasdoorHttp caller : callers) {
            assertEnvelopeError(notEnabled, caller.get("get-sessions", Map.of("owner", realm().name())));
            assertEnvelopeError(notEnabled, caller.get("get-session", pk("yan", OFF_APP)));
            assertEnvelopeError(
                    notEnabled,
                    caller.get(
                            "is-session-duplicated",
                            Map.of("sessionPkId", realm().name() + "/yan/" + OFF_APP, "sessionId", "x")));
            assertEnvelopeError(notEnabled, caller.post("add-session", Map.of(), record));
            assertEnvelopeError(notEnabled, caller.post("update-session", Map.of(), record));
            assertEnvelopeError(notEnabled, caller.post("delete-session", Map.of(), record));
            assertEnvelopeError(
                    notEnabled, caller.post("delete-session", Map.of("sessionId", offToken.sessionId()), record));
        }
        assertEnvelopeError(
                notEnabled,
                CasdoorHttp.anonymous(realm())
                        .get(
                                "get-sessions",
                                Map.of("owner", realm().name(), "clientId", OFF_APP, "clientSecret", OFF_SECRET)));
        assertEnvelopeError(
                notEnabled, CasdoorHttp.bearer(realm(), offToken.accessToken()).post("sso-logout", Map.of(), ""));
        assertEnvelopeError(
                notEnabled,
                CasdoorHttp.anonymous(realm()).get("sso-logout", Map.of("access_token", offToken.accessToken())));
        assertEquals(2, realm().userSessions(yan).size(), "nothing ended");

        // Switched on (as the console's switch does), the same client and token work, and find nothing stored.
        String uuid = realm().clientUuid(OFF_APP);
        ObjectNode client = (ObjectNode)
                realm().adminGet("/clients/" + uuid).requireSuccess("reading").json();
        ((ObjectNode) client.get("attributes")).put(ClientSpec.CASDOOR_API_ATTRIBUTE, "true");
        realm().adminPut("/clients/" + uuid, client).requireSuccess("enabling the Casdoor API");
        Http.Response mine = CasdoorHttp.client(realm(), OFF_APP, OFF_SECRET).get("get-session", pk("yan", OFF_APP));
        assertEquals("ok", mine.json().get("status").asText(), mine.body());
        assertEquals(
                List.of(offToken.sessionId()),
                Json.list(mine.json().at("/data/sessionId")).stream()
                        .map(JsonNode::asText)
                        .toList(),
                "the live session only, no planted id");
        assertEquals(
                "ok",
                CasdoorHttp.bearer(realm(), offToken.accessToken())
                        .get("get-session", pk("yan", OFF_APP))
                        .json()
                        .get("status")
                        .asText());
    }

    /**
     * Casdoor, second round: with {@code allow-query-credentials=false} a client secret, a client assertion or an access token in
     * the URL is refused before it is checked (and ends nothing); the same credentials in headers work.
     */
    @Test
    void credentialsInTheUrlCanBeRefusedByAServerOption() {
        TestRealm options = optionsRealm(cluster());
        options.createUser("zoe", "pw");
        Tokens zoe = OAuth.passwordGrant(options, APP, APP_SECRET, "zoe", "pw", UserAgents.CHROME_DESKTOP);
        String zoeId =
                options.admin().users().searchByUsername("zoe", true).get(0).getId();
        String refused = "refuses credentials in the URL";
        Map<String, String> owner = Map.of("owner", options.name());
        CasdoorHttp anonymous = CasdoorHttp.anonymous(options);
        assertEnvelopeError(
                refused,
                anonymous.get(
                        "get-sessions", Map.of("owner", options.name(), "clientId", APP, "clientSecret", APP_SECRET)));
        assertEnvelopeError(
                refused,
                CasdoorHttp.client(options, APP, APP_SECRET)
                        .get("get-sessions", Map.of("owner", options.name(), "clientSecret", APP_SECRET)));
        assertEnvelopeError(
                refused,
                anonymous.get(
                        "get-sessions",
                        Map.of(
                                "owner",
                                options.name(),
                                "client_assertion_type",
                                "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                                "client_assertion",
                                hs256Assertion(APP, APP_SECRET, OAuth.tokenUrl(options)))));
        assertEnvelopeError(
                refused,
                anonymous.get("get-sessions", Map.of("owner", options.name(), "access_token", zoe.accessToken())));
        assertEnvelopeError(refused, anonymous.get("sso-logout", Map.of("access_token", zoe.accessToken())));
        assertEnvelopeError(refused, anonymous.post("sso-logout", Map.of("access_token", zoe.accessToken()), ""));
        assertEquals(1, options.userSessions(zoeId).size(), "nothing ended");

        assertEquals(
                "ok",
                CasdoorHttp.client(options, APP, APP_SECRET)
                        .get("get-sessions", owner)
                        .json()
                        .get("status")
                        .asText());
        assertEquals(
                "ok",
                CasdoorHttp.bearer(options, zoe.accessToken())
                        .get("get-sessions", owner)
                        .json()
                        .get("status")
                        .asText());
    }

    /**
     * Casdoor, second round: records per application are capped: beyond the cap a new record is an envelope error and nothing is
     * stored; a record the application holds can still grow, another application has its own cap, and a removed
     * record makes room.
     */
    @Test
    void registrationsAreCappedPerApplication() {
        TestRealm options = optionsRealm(cluster());
        String capped = "capped-app";
        String other = "other-capped-app";
        options.createClient(ClientSpec.confidential(capped, "capped-secret").casdoorApi());
        options.createClient(ClientSpec.confidential(other, "other-secret").casdoorApi());
        CasdoorHttp app = CasdoorHttp.client(options, capped, "capped-secret");
        // Real users: their records are never removed by age, so the count stays what this test makes it.
        for (int i = 0; i <= OPTIONS_CAP; i++) {
            options.createUser("cap-" + i, "pw");
        }
        for (int i = 0; i < OPTIONS_CAP; i++) {
            assertAffected(
                    app.post("add-session", Map.of(), CasdoorHttp.body(options.name(), "cap-" + i, capped, "id-" + i)));
        }
        String over = "cap-" + OPTIONS_CAP;
        assertEnvelopeError(
                "already has " + OPTIONS_CAP + " registered records",
                app.post("add-session", Map.of(), CasdoorHttp.body(options.name(), over, capped, "one-too-many")));
        assertTrue(
                app.get("get-session", Map.of("sessionPkId", options.name() + "/" + over + "/" + capped))
                        .json()
                        .get("data")
                        .isNull(),
                "nothing stored beyond the cap");

        assertAffected(app.post("add-session", Map.of(), CasdoorHttp.body(options.name(), "cap-0", capped, "id-0b")));
        assertAffected(CasdoorHttp.client(options, other, "other-secret")
                .post("add-session", Map.of(), CasdoorHttp.body(options.name(), over, other, "elsewhere")));
        assertAffected(app.post("delete-session", Map.of(), CasdoorHttp.body(options.name(), "cap-1", capped)));
        assertAffected(
                app.post("add-session", Map.of(), CasdoorHttp.body(options.name(), over, capped, "now-it-fits")));
    }

    /**
     * Casdoor, second round: records of names that are no user of the realm are removed once older than
     * {@code unknown-name-record-seconds}, by the cluster-aware timer task; records of real users stay.
     */
    @Test
    void recordsOfMadeUpNamesAreRemovedAfterTheirAge() {
        TestRealm options = optionsRealm(cluster());
        String cleaned = "cleaned-app";
        options.createClient(ClientSpec.confidential(cleaned, "cleaned-secret").casdoorApi());
        options.createUser("kept", "pw");
        CasdoorHttp app = CasdoorHttp.client(options, cleaned, "cleaned-secret");
        assertAffected(app.post("add-session", Map.of(), CasdoorHttp.body(options.name(), "kept", cleaned, "kept-id")));
        assertAffected(app.post(
                "add-session", Map.of(), CasdoorHttp.body(options.name(), "nobody-at-all", cleaned, "made-up-id")));

        Poll.until(
                "the record of a made-up name removed",
                Duration.ofSeconds(60),
                () -> app.get("get-session", Map.of("sessionPkId", options.name() + "/nobody-at-all/" + cleaned))
                        .json()
                        .get("data")
                        .isNull());
        JsonNode kept = app.get("get-session", Map.of("sessionPkId", options.name() + "/kept/" + cleaned))
                .json()
                .get("data");
        assertEquals(
                List.of("kept-id"),
                Json.list(kept.get("sessionId")).stream().map(JsonNode::asText).toList(),
                "a real user's record stays: " + kept);
    }

    /**
     * Casdoor, second round: a first registration does not lock the realm's row. With that row held locked (as a long realm
     * update would hold it), parallel first registrations of new records all complete; before, each waited for it.
     */
    @Test
    void firstRegistrationsDoNotLockTheRealm() throws Exception {
        String hold = realm().url() + "/session-seeder/hold-realm-row";
        ExecutorService pool = Executors.newFixedThreadPool(9);
        try {
            Future<Http.Response> holding = pool.submit(() -> Http.send(Http.request(hold + "?seconds=120", null)
                    .timeout(Duration.ofSeconds(150))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())));
            Poll.until(
                    "the realm's row held",
                    Duration.ofSeconds(30),
                    () -> Http.get(hold, null).json().path("held").asBoolean());
            List<Future<Http.Response>> registrations = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String name = "while-held-" + i;
                registrations.add(pool.submit(
                        () -> app().post("add-session", Map.of(), body(name, List.of(name + "-id")))));
            }
            for (Future<Http.Response> registration : registrations) {
                Http.Response answer = registration.get(60, TimeUnit.SECONDS);
                assertEquals(200, answer.status(), "a registration waited for the realm's row: " + answer);
                assertAffected(answer);
            }
            assertTrue(Http.get(hold, null).json().path("held").asBoolean(), "still held while they completed");
            Http.delete(hold, null);
            assertTrue(holding.get(60, TimeUnit.SECONDS).json().path("released").asBoolean());
        } finally {
            Http.delete(hold, null);
            pool.shutdownNow();
        }
        assertEquals(
                List.of("while-held-3-id"),
                Json.list(record("while-held-3").at("/data/sessionId")).stream()
                        .map(JsonNode::asText)
                        .toList());
    }

    /** A client assertion signed with the client's secret (client-secret-jwt), as an OAuth client library makes. */
    static String hs256Assertion(String clientId, String secret, String audience) {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = b64(Json.write(Json.object()
                .put("iss", clientId)
                .put("sub", clientId)
                .put("aud", audience)
                .put("jti", UUID.randomUUID().toString())
                .put("iat", now)
                .put("exp", now + 50)));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] signature = mac.doFinal((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
            return header + "." + claims + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
