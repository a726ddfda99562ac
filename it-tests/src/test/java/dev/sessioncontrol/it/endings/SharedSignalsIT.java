package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.SharedSignalsReceiver;
import dev.sessioncontrol.it.support.SharedSignalsReceiver.SecurityEvent;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every ending of ours reaches a Shared Signals receiver: with Keycloak's experimental SSF transmitter
 * ({@code --features=ssf}, on for the run's servers) and a push stream that the receiver created for itself, each
 * session ended through the extension's routes and its policy arrives as one CAEP session-revoked event naming the
 * session and its user. The transmitter maps the {@code LOGOUT} event that every ending records.
 */
@Tag("both")
class SharedSignalsIT extends AbstractKeycloakIT {

    private static final String RECEIVER = "ssf-receiver";
    private static final String RECEIVER_SECRET = "receiver-secret";
    private static final String PUSH_AUTHORIZATION = "Bearer push-secret";
    private static final String API = "api";
    private static final String PASSWORD = "pw";
    /** The transmitter's outbox is drained each second on the test servers; a cluster's nodes take turns. */
    private static final Duration DELIVERY = Duration.ofSeconds(30);

    private static SharedSignalsReceiver receiver;
    private static int users;
    private SessionControlClient api;

    /**
     * Turns the realm's transmitter on, registers the receiver client and lets it create its push stream (SSF 1.0
     * section 8.1.1) with a token of its service account.
     */
    @BeforeAll
    static void receiverWithStream(TestRealm realm) {
        receiver = new SharedSignalsReceiver(realm, PUSH_AUTHORIZATION);
        realm.adminPut("", Json.object().set("attributes", Json.object().put("ssf.transmitterEnabled", "true")))
                .requireSuccess("turning the realm's transmitter on");
        String receiverUuid = realm.createClient(ClientSpec.confidential(RECEIVER, RECEIVER_SECRET)
                .standardFlow(false)
                .serviceAccounts(true)
                .attribute("ssf.enabled", "true")
                .attribute("ssf.validPushUrls", receiver.url())
                // Events for every user, not only those subscribed one by one (the transmitter's default).
                .attribute("ssf.defaultSubjects", "ALL"));
        // Keycloak adds the scopes ssf.read and ssf.manage to each new realm without a protocol, so they are not
        // given to new clients: a receiver client needs them assigned.
        for (JsonNode scope : Json.list(
                realm.adminGet("/client-scopes").requireSuccess("client scopes").json())) {
            if (Set.of("ssf.read", "ssf.manage").contains(scope.path("name").asText())) {
                realm.adminPut(
                                "/clients/" + receiverUuid + "/optional-client-scopes/"
                                        + scope.path("id").asText(),
                                null)
                        .requireSuccess(
                                "giving the receiver " + scope.path("name").asText());
            }
        }
        realm.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));

        OAuth.TokenResult token = OAuth.tokenRequest(
                realm,
                Map.of(
                        "grant_type",
                        "client_credentials",
                        "client_id",
                        RECEIVER,
                        "client_secret",
                        RECEIVER_SECRET,
                        "scope",
                        "ssf.read ssf.manage"),
                null);
        assertTrue(token.ok(), String.valueOf(token.json()));
        ObjectNode stream = Json.object();
        stream.putObject("delivery")
                .put("method", "urn:ietf:rfc:8935")
                .put("endpoint_url", receiver.url())
                .put("authorization_header", PUSH_AUTHORIZATION);
        stream.putArray("events_requested").add(SharedSignalsReceiver.SESSION_REVOKED);
        Http.Response created = Http.postJson(
                realm.url() + "/ssf/transmitter/streams", token.tokens().accessToken(), stream);
        assertEquals(201, created.status(), created.body());
        assertTrue(
                Json.list(created.json().path("events_delivered")).stream()
                        .anyMatch(e -> SharedSignalsReceiver.SESSION_REVOKED.equals(e.asText())),
                "session-revoked is delivered on the stream: " + created.body());
        Set<String> audience = new HashSet<>();
        Json.list(created.json().path("aud")).forEach(a -> audience.add(a.asText()));
        receiver.expectAudience(audience);
    }

    @BeforeEach
    void client() {
        api = new SessionControlClient(realm());
    }

    @AfterAll
    static void closeReceiver() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    private String newUser(String... roles) {
        String name = "user" + (++users);
        realm().createUser(name, PASSWORD, roles);
        return name;
    }

    private Tokens signIn(String user) {
        return OAuth.passwordGrant(realm(), API, null, user, PASSWORD, UserAgents.CURL);
    }

    /**
     * The session got exactly one well-formed CAEP session-revoked event naming it and its user, and the extension's
     * own {@code LOGOUT} event with {@code reason}.
     */
    private SecurityEvent assertRevokedEvent(Tokens ended, String userId, String reason) {
        SecurityEvent event = receiver.awaitSessionRevoked(DELIVERY, ended.sessionId());
        assertTrue(event.wellFormed(), event.problem());
        assertEquals(userId, event.userId(), event.claims().toString());
        assertEquals(
                "iss_sub",
                event.claims().at("/sub_id/user/format").asText(),
                event.claims().toString());
        assertEquals(realm().issuer(), event.claims().at("/sub_id/user/iss").asText());
        assertEquals(
                "complex",
                event.claims().at("/sub_id/format").asText(),
                event.claims().toString());
        assertTrue(
                event.event().path("event_timestamp").canConvertToLong(),
                event.claims().toString());
        // Delivery is at least once: a push the receiver was slow to answer may come again, with the same jti.
        assertEquals(
                1,
                receiver.sessionRevoked(ended.sessionId()).stream()
                        .map(e -> e.claims().path("jti").asText())
                        .distinct()
                        .count(),
                "one event per ended session");
        assertEquals(
                reason,
                Events.await(realm(), "LOGOUT", ended.sessionId())
                        .at("/details/reason")
                        .asText());
        return event;
    }

    private void assertNoRevokedEvent(Tokens kept) {
        assertEquals(List.of(), receiver.sessionRevoked(kept.sessionId()), "no event for a session that lives on");
        assertTrue(OAuth.refresh(realm(), API, null, kept.refreshToken()).ok(), "the session lives on");
    }

    @Test
    void anAdminEndingReachesTheReceiver() {
        String user = newUser();
        Tokens ended = signIn(user);
        Tokens kept = signIn(user);

        assertEquals(
                204,
                api.adminDelete(realm().adminToken(), "/sessions/" + ended.sessionId())
                        .status());

        SecurityEvent event = assertRevokedEvent(ended, realm().userId(user), "revoked-by-admin");
        // What the transmitter says of any LOGOUT: neither our reason nor who ended the session.
        assertEquals(
                "user",
                event.event().path("initiating_entity").asText(),
                event.claims().toString());
        assertEquals(
                "User logout",
                event.event().at("/reason_admin/en").asText(),
                event.claims().toString());
        assertNoRevokedEvent(kept);
    }

    @Test
    void theUsersOwnEndingReachesTheReceiver() {
        String user = newUser();
        Tokens ended = signIn(user);
        Tokens caller = signIn(user);

        assertEquals(
                204,
                api.accountDelete(caller.accessToken(), "/sessions/" + ended.sessionId())
                        .status());

        assertRevokedEvent(ended, realm().userId(user), "revoked-by-user");
        assertNoRevokedEvent(caller);
    }

    @Test
    void anOfflineSessionEndedByAnAdminReachesTheReceiver() {
        String user = newUser();
        Tokens offline = OAuth.offlineGrant(realm(), API, null, user, PASSWORD, UserAgents.OKHTTP);

        Http.delete(realm().adminUrl() + "/session-control/sessions/" + offline.sessionId(), realm().adminToken())
                .requireSuccess("ending the offline session");

        assertRevokedEvent(offline, realm().userId(user), "revoked-by-admin");
    }

    @Test
    void everySessionEndedByRevokeAllReachesTheReceiverInTheBackground() {
        List<Tokens> ended = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (int u = 0; u < 3; u++) {
            String user = newUser();
            String userId = realm().userId(user);
            for (int i = 0; i < 2; i++) {
                ended.add(signIn(user));
                owners.add(userId);
            }
        }
        String operator = newUser();
        realm().assignClientRole(realm().userId(operator), "realm-management", "manage-users");
        Tokens caller = signIn(operator);

        api.adminPost(caller.accessToken(), "/sessions/revoke-all").requireSuccess("revoke-all");

        for (int i = 0; i < ended.size(); i++) {
            assertRevokedEvent(ended.get(i), owners.get(i), "revoke-all");
        }
        assertNoRevokedEvent(caller);
        realm().awaitPastCutOff();
    }

    @Test
    void endWhatMatchesAndIncidentResponseReachTheReceiver() {
        String matchingUser = newUser();
        Tokens matching = signIn(matchingUser);
        String compromisedUser = newUser();
        Tokens compromised = signIn(compromisedUser);

        realm().adminPost(
                        "/session-control/sessions/revoke",
                        Map.of("userId", realm().userId(matchingUser), "type", "REGULAR"))
                .requireSuccess("revoke what matches");
        assertRevokedEvent(matching, realm().userId(matchingUser), "revoke-matching");

        realm().adminPost(
                        "/session-control/users/" + realm().userId(compromisedUser) + "/incident-response",
                        Map.of("requirePasswordUpdate", false, "notifyUser", false))
                .requireSuccess("incident response");
        assertRevokedEvent(compromised, realm().userId(compromisedUser), "incident-response");
    }

    @Test
    void theConcurrentLoginPolicysEndingReachesTheReceiver() {
        String user = newUser();
        Tokens older = signIn(user);
        policy("{\"mode\":\"LogoutFromAllDevices\",\"action\":\"TerminateOldest\",\"exemptRole\":null}");
        try {
            Tokens newer = signIn(user);

            assertRevokedEvent(older, realm().userId(user), "concurrent-login-policy");
            assertNoRevokedEvent(newer);
        } finally {
            policy("{\"mode\":\"Disabled\"}");
        }
    }

    private void policy(String json) {
        Http.putJson(api.adminUrl("/policy"), realm().adminToken(), Json.parse(json))
                .requireSuccess("setting the policy");
    }
}
