package dev.sessioncontrol.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractClusterIT;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One node is stopped and started again while sign-ins go on at the other: afterwards both nodes know every
 * session (made before, during and after), each with its device type, and every id registered through the
 * Casdoor-compatible API, whichever node wrote it.
 */
class ClusterRestartIT extends AbstractClusterIT {

    private static final String APP = "app";
    private static final String SECRET = "app-secret";

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.createClient(ClientSpec.confidential(APP, SECRET)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Desktop")
                .casdoorApi());
        realm.createClient(ClientSpec.publicClient("phone")
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        for (int i = 0; i < 4; i++) {
            realm.createUser("user" + i, "pw");
        }
    }

    private Tokens signIn(int node, String client, String user) {
        return OAuth.passwordGrant(
                realmOn(node), client, APP.equals(client) ? SECRET : null, user, "pw", UserAgents.OKHTTP);
    }

    @Test
    void aStoppedNodeLosesNothing() throws Exception {
        Map<String, String> expectedTypes = new HashMap<>(); // session id → device type
        List<Tokens> sessions = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 4; i++) {
            Tokens desktop = signIn(i % 2, APP, "user" + i);
            Tokens mobile = signIn(1 - i % 2, "phone", "user" + i);
            expectedTypes.put(desktop.sessionId(), "Desktop");
            expectedTypes.put(mobile.sessionId(), "Mobile");
            sessions.add(desktop);
            sessions.add(mobile);
        }
        CasdoorHttp onB = CasdoorHttp.client(realmOn(1), APP, SECRET);
        onB.post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "user0", APP, "app-id-1", "app-id-2"))
                .requireSuccess("registering on node B");

        Map<String, String> duringTypes = Collections.synchronizedMap(new HashMap<>());
        AtomicBoolean stopSigningIn = new AtomicBoolean();
        ExecutorService signer = Executors.newSingleThreadExecutor();
        Future<Integer> signingIn = signer.submit(() -> {
            int n = 0;
            while (!stopSigningIn.get()) {
                Tokens t = signIn(0, n % 2 == 0 ? APP : "phone", "user" + (n % 4));
                duringTypes.put(t.sessionId(), n % 2 == 0 ? "Desktop" : "Mobile");
                sessions.add(t);
                n++;
            }
            return n;
        });
        try {
            cluster().stopAndRestart(1, () -> {
                CasdoorHttp onA = CasdoorHttp.client(realmOn(0), APP, SECRET);
                onA.post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "user1", APP, "while-b-down"))
                        .requireSuccess("registering on node A while B is down");
                // Sign-ins go on at node A for a while with node B down (the signer's own failure shows below).
                try {
                    signingIn.get(3, TimeUnit.SECONDS);
                } catch (TimeoutException | ExecutionException stillSigningInOrFailed) {
                    // the outage lasted its while
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
        } finally {
            stopSigningIn.set(true);
        }
        int signedInMeanwhile = signingIn.get();
        signer.shutdown();
        assertTrue(signedInMeanwhile > 0, "sign-ins went on while node B was down and restarting");
        expectedTypes.putAll(duringTypes);
        Tokens after = signIn(1, "phone", "user3");
        expectedTypes.put(after.sessionId(), "Mobile");
        sessions.add(after);

        for (int node = 0; node < 2; node++) {
            TestRealm on = realmOn(node);
            JsonNode page = Http.get(on.adminUrl() + "/session-control/sessions?max=500", on.adminToken())
                    .requireSuccess("listing on node " + node)
                    .json();
            Map<String, String> listed = new HashMap<>();
            Json.list(page.get("items"))
                    .forEach(s ->
                            listed.put(s.get("id").asText(), s.get("deviceType").asText()));
            assertEquals(expectedTypes, listed, "node " + node + " lists every session with its device type");
            assertEquals(expectedTypes.size(), page.get("total").asLong(), "node " + node + "'s total");

            CasdoorHttp casdoor = CasdoorHttp.client(on, APP, SECRET);
            assertRegistered(casdoor, "user0", "app-id-1", "app-id-2");
            assertRegistered(casdoor, "user1", "while-b-down");
        }
        for (Tokens t : sessions) {
            assertTrue(
                    OAuth.refresh(
                                    realmOn(1),
                                    APP.equals(clientOf(expectedTypes, t)) ? APP : "phone",
                                    APP.equals(clientOf(expectedTypes, t)) ? SECRET : null,
                                    t.refreshToken())
                            .ok(),
                    "refresh works on the restarted node: " + t.sessionId());
        }
    }

    private static String clientOf(Map<String, String> types, Tokens t) {
        return "Desktop".equals(types.get(t.sessionId())) ? APP : "phone";
    }

    private void assertRegistered(CasdoorHttp casdoor, String user, String... ids) {
        Http.Response answer =
                casdoor.get("get-session", Map.of("sessionPkId", realm().name() + "/" + user + "/" + APP));
        List<String> registered = Json.list(answer.json().at("/data/sessionId")).stream()
                .map(JsonNode::asText)
                .toList();
        assertTrue(registered.containsAll(List.of(ids)), user + "'s record: " + answer.body());
    }
}
