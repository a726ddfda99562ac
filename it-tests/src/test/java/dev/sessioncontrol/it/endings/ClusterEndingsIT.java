package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractClusterIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every route of the extension that ends sessions, called on one node, is seen at once on the other: the ended
 * session is gone from the other node's listing, the other node's kept {@code total} and {@code stats} are exact
 * (they follow sign-ins too: checked against a count in the database before each ending), its refresh token
 * fails there, and its client got exactly one back-channel logout.
 */
class ClusterEndingsIT extends AbstractClusterIT {

    private static final String APP = "app";
    private static final String SECRET = "app-secret";
    private static final String DEVICE_TYPE = "Mobile";

    private static BackchannelLogoutReceiver receiver;
    private static int users;

    @BeforeEach
    void setUp() {
        if (receiver != null) {
            return;
        }
        receiver = new BackchannelLogoutReceiver(realm());
        realm().createClient(ClientSpec.confidential(APP, SECRET)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url())
                .attribute("session-control.device-type", DEVICE_TYPE)
                .casdoorApi());
    }

    @AfterAll
    static void closeReceiver() {
        if (receiver != null) {
            receiver.close();
            receiver = null;
        }
    }

    private String newUser() {
        String name = "user" + (++users);
        realm().createUser(name, "pw");
        return name;
    }

    private Tokens signIn(int node, String username) {
        return OAuth.passwordGrant(realmOn(node), APP, SECRET, username, "pw", UserAgents.OKHTTP);
    }

    /** What a node shows: its listing's kept total, the database's count now, its kept stats. */
    private record Shown(long total, long exact, long statsTotal, long ofType) {}

    private Shown shown(int node) {
        TestRealm on = realmOn(node);
        String token = on.adminToken();
        SessionControlClient api = new SessionControlClient(on);
        long total = api.adminGet(token, "/sessions?max=1")
                .requireSuccess("listing")
                .json()
                .get("total")
                .asLong();
        long exact = api.adminGet(token, "/sessions/count")
                .requireSuccess("count")
                .json()
                .get("count")
                .asLong();
        JsonNode stats = api.adminGet(token, "/stats").requireSuccess("stats").json();
        return new Shown(
                total,
                exact,
                stats.get("total").asLong(),
                stats.path("byDeviceType").path(DEVICE_TYPE).asLong());
    }

    /**
     * Runs {@code ending} on node {@code from} and checks on the other node that exactly {@code ended} went and
     * everything else stayed.
     */
    private void assertSeenAtOnceOnTheOtherNode(int from, List<Tokens> ended, List<Tokens> kept, Runnable ending) {
        int other = 1 - from;
        // Both nodes have counted, so both keep the counts that must now follow the ending.
        Shown before = shown(other);
        shown(from);
        assertEquals(before.exact(), before.total(), "the other node's kept total followed the sign-ins: " + before);
        assertEquals(before.exact(), before.statsTotal(), "its stats too: " + before);

        ending.run();

        Shown after = shown(other);
        int n = ended.size();
        assertEquals(before.exact() - n, after.exact(), "ended in the database");
        assertEquals(before.total() - n, after.total(), "the other node's listing total, at once: " + after);
        assertEquals(before.statsTotal() - n, after.statsTotal(), "the other node's stats total, at once");
        assertEquals(before.ofType() - n, after.ofType(), "the other node's stats by device type, at once");

        TestRealm on = realmOn(other);
        SessionControlClient api = new SessionControlClient(on);
        for (Tokens t : ended) {
            assertEquals(
                    404,
                    api.adminGet(on.adminToken(), "/sessions/" + t.sessionId()).status());
            OAuth.TokenResult refresh = OAuth.refresh(on, APP, SECRET, t.refreshToken());
            assertEquals("invalid_grant", refresh.error(), "refresh token dead on the other node: " + refresh);
            receiver.awaitLogoutToken(
                    Duration.ofSeconds(10), token -> t.sessionId().equals(token.sid()));
            assertEquals(
                    1,
                    receiver.received().stream()
                            .filter(token -> t.sessionId().equals(token.sid()))
                            .count(),
                    "exactly one back-channel logout for " + t.sessionId());
        }
        for (Tokens t : kept) {
            assertTrue(OAuth.refresh(on, APP, SECRET, t.refreshToken()).ok(), "kept session still works");
        }
    }

    @Test
    void adminEndsOneSession() {
        String user = newUser();
        Tokens a = signIn(0, user);
        Tokens b = signIn(1, user);
        assertSeenAtOnceOnTheOtherNode(
                0,
                List.of(a),
                List.of(b),
                () -> Http.delete(
                                realmOn(0).adminUrl() + "/session-control/sessions/" + a.sessionId(),
                                realmOn(0).adminToken())
                        .requireSuccess("ending"));
    }

    @Test
    void adminEndsAllOfAUser() {
        String user = newUser();
        String other = newUser();
        Tokens a = signIn(0, user);
        Tokens b = signIn(1, user);
        Tokens keep = signIn(0, other);
        assertSeenAtOnceOnTheOtherNode(
                1,
                List.of(a, b),
                List.of(keep),
                () -> Http.delete(
                                realmOn(1).adminUrl() + "/session-control/users/" + realm().userId(user) + "/sessions",
                                realmOn(1).adminToken())
                        .requireSuccess("ending"));
    }

    @Test
    void userEndsOneOfTheirSessions() {
        String user = newUser();
        Tokens current = signIn(0, user);
        Tokens other = signIn(1, user);
        assertSeenAtOnceOnTheOtherNode(
                0,
                List.of(other),
                List.of(current),
                () -> Http.delete(
                                realmOn(0).url() + "/session-control/account/sessions/" + other.sessionId(),
                                current.accessToken())
                        .requireSuccess("ending"));
    }

    @Test
    void userEndsAllOtherSessions() {
        String user = newUser();
        Tokens current = signIn(1, user);
        Tokens x = signIn(0, user);
        Tokens y = signIn(1, user);
        assertSeenAtOnceOnTheOtherNode(
                1,
                List.of(x, y),
                List.of(current),
                () -> Http.delete(realmOn(1).url() + "/session-control/account/sessions", current.accessToken())
                        .requireSuccess("ending"));
    }

    @Test
    void casdoorDeletesOneSessionOfARecord() {
        String user = newUser();
        Tokens a = signIn(0, user);
        Tokens b = signIn(1, user);
        CasdoorHttp casdoor = CasdoorHttp.client(realmOn(0), APP, SECRET);
        assertSeenAtOnceOnTheOtherNode(0, List.of(b), List.of(a), () -> {
            Http.Response answer = casdoor.post(
                    "delete-session", Map.of("sessionId", b.sessionId()), CasdoorHttp.body(realm().name(), user, APP));
            assertEquals("Affected", answer.json().path("data").asText(), answer.body());
        });
    }

    @Test
    void casdoorDeletesAWholeRecord() {
        String user = newUser();
        String other = newUser();
        Tokens a = signIn(0, user);
        Tokens b = signIn(1, user);
        Tokens keep = signIn(1, other);
        CasdoorHttp casdoor = CasdoorHttp.client(realmOn(1), APP, SECRET);
        assertSeenAtOnceOnTheOtherNode(1, List.of(a, b), List.of(keep), () -> {
            Http.Response answer =
                    casdoor.post("delete-session", Map.of(), CasdoorHttp.body(realm().name(), user, APP));
            assertEquals("Affected", answer.json().path("data").asText(), answer.body());
        });
    }

    @Test
    void casdoorSingleSignOutEverywhere() {
        String user = newUser();
        Tokens a = signIn(0, user);
        Tokens b = signIn(1, user);
        assertSeenAtOnceOnTheOtherNode(
                0,
                List.of(a, b),
                List.of(),
                () -> CasdoorHttp.bearer(realmOn(0), a.accessToken()).post("sso-logout", Map.of(), ""));
    }

    @Test
    void casdoorSingleSignOutOfOneSession() {
        String user = newUser();
        Tokens a = signIn(0, user);
        Tokens b = signIn(1, user);
        assertSeenAtOnceOnTheOtherNode(
                1,
                List.of(b),
                List.of(a),
                () -> CasdoorHttp.bearer(realmOn(1), b.accessToken()).get("sso-logout", Map.of("logoutAll", "false")));
    }

    @Test
    void revokeAllOnOneNodeEmptiesTheOthersCountsAtOnce() {
        List<Tokens> all = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            all.add(signIn(i % 2, newUser()));
        }
        // Every live session of the realm ends, those of the other tests' users included.
        Set<String> before = Json.list(new SessionControlClient(realmOn(1))
                        .adminGet(realmOn(1).adminToken(), "/sessions?max=500")
                        .requireSuccess("listing")
                        .json()
                        .get("items"))
                .stream()
                .map(s -> s.get("id").asText())
                .collect(Collectors.toSet());
        assertTrue(before.containsAll(all.stream().map(Tokens::sessionId).toList()));

        JsonNode answer = new SessionControlClient(realmOn(0))
                .adminPost(realmOn(0).adminToken(), "/sessions/revoke-all")
                .requireSuccess("revoke-all")
                .json();
        assertEquals(before.size(), answer.get("covered").asInt(), "the answer counts exactly what the cut-off covers");
        // The cut-off, at once on the other node.
        for (Tokens t : all) {
            assertFalse(OAuth.refresh(realmOn(1), APP, SECRET, t.refreshToken()).ok());
        }
        // The sessions end in the background; the other node follows the job and then shows none at once.
        SessionControlClient other = new SessionControlClient(realmOn(1));
        Poll.until(
                "the job is done within two minutes",
                Duration.ofMinutes(2),
                () -> other.adminGet(
                                realmOn(1).adminToken(),
                                "/jobs/" + answer.get("jobId").asText())
                        .requireSuccess("job")
                        .json()
                        .get("done")
                        .asBoolean());
        assertEquals(new Shown(0, 0, 0, 0), shown(1), "the other node, once the job is done");
        realm().awaitPastCutOff();
    }
}
