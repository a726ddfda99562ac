package dev.sessioncontrol.it.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractClusterIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Parallel;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** The concurrent-login policy on two nodes sharing one database. */
class ClusterPolicyIT extends AbstractClusterIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final String SECRET = "secret";

    private static BackchannelLogoutReceiver receiver;
    private static int users;

    @BeforeEach
    void setUp() {
        if (receiver != null) {
            return;
        }
        receiver = new BackchannelLogoutReceiver(realm());
        realm().createClient(ClientSpec.confidential(WEB, SECRET)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url())
                .attribute("session-control.device-type", "Web"));
        realm().createClient(ClientSpec.confidential(MOBILE, SECRET)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url())
                .attribute("session-control.device-type", "Mobile"));
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

    private void policy(int node, String json) {
        TestRealm on = realmOn(node);
        Http.putJson(on.adminUrl() + "/session-control/policy", on.adminToken(), Json.parse(json))
                .requireSuccess("setting the policy on node " + node);
    }

    private Tokens signIn(int node, String client, String user) {
        return OAuth.passwordGrant(realmOn(node), client, SECRET, user, "pw", UserAgents.OKHTTP);
    }

    /** The user's live sessions as each node's Keycloak lists them: both must agree. */
    private Set<String> sessionIds(String username) {
        String userId = realm().userId(username);
        Set<String> onA = ids(realmOn(0).userSessions(userId));
        Set<String> onB = ids(realmOn(1).userSessions(userId));
        assertEquals(onA, onB, "both nodes list the same sessions");
        return onA;
    }

    private static Set<String> ids(List<JsonNode> sessions) {
        Set<String> ids = new HashSet<>();
        sessions.forEach(s -> ids.add(s.get("id").asText()));
        return ids;
    }

    /** 20 parallel sign-ins of one user, alternating between the nodes: exactly one session survives. */
    @RepeatedTest(3)
    void parallelSignInsOnBothNodesLeaveExactlyOne() throws Exception {
        policy(0, "{\"mode\":\"LogoutFromAllDevices\",\"action\":\"TerminateOldest\",\"exemptRole\":null}");
        String user = newUser();
        int parallel = 20;
        List<String> clients = IntStream.range(0, parallel)
                .mapToObj(i -> (i / 2) % 2 == 0 ? WEB : MOBILE)
                .toList();
        List<Tokens> tokens = Parallel.atOnce(parallel, i -> () -> signIn(i % 2, clients.get(i), user));
        Set<String> left = sessionIds(user);
        assertEquals(1, left.size(), "sessions left: " + left);
        int working = 0;
        for (int i = 0; i < parallel; i++) {
            OAuth.TokenResult refreshed = OAuth.refresh(
                    realmOn(1 - i % 2), clients.get(i), SECRET, tokens.get(i).refreshToken());
            if (refreshed.ok()) {
                working++;
                assertTrue(
                        left.contains(tokens.get(i).sessionId()),
                        "refreshed " + tokens.get(i).sessionId() + " on node " + (1 - i % 2) + " but left: " + left
                                + "; now listed: " + sessionIds(user));
            } else {
                assertEquals("invalid_grant", refreshed.error(), refreshed.toString());
            }
        }
        assertEquals(1, working, "refresh tokens still working");
        receiver.assertOneLogoutForEachEnded(tokens, left, Duration.ofSeconds(10));
    }

    @Test
    void aPolicyChangeOnOneNodeAppliesToTheNextSignInOnTheOther() {
        String user = newUser();
        policy(
                0,
                "{\"mode\":\"LogoutFromSameTypeDevices\",\"maxSessionsPerDeviceType\":1,"
                        + "\"action\":\"TerminateOldest\",\"exemptRole\":null}");
        Tokens first = signIn(1, MOBILE, user);
        Tokens second = signIn(1, MOBILE, user);
        assertEquals(Set.of(second.sessionId()), sessionIds(user), "node B applied node A's policy");
        assertFalse(
                OAuth.refresh(realmOn(0), MOBILE, SECRET, first.refreshToken()).ok());

        policy(1, "{\"mode\":\"Disabled\"}");
        Tokens third = signIn(0, MOBILE, user);
        assertEquals(
                Set.of(second.sessionId(), third.sessionId()),
                sessionIds(user),
                "node A applied node B's change at once");
        assertEquals(
                "Disabled",
                Http.get(
                                realmOn(0).adminUrl() + "/session-control/policy",
                                realmOn(0).adminToken())
                        .requireSuccess("policy")
                        .json()
                        .get("mode")
                        .asText());
    }
}
