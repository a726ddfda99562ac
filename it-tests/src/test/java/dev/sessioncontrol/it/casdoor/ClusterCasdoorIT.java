package dev.sessioncontrol.it.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractClusterIT;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.Parallel;
import dev.sessioncontrol.it.support.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ids registered through the Casdoor-compatible API on one node are read, changed and removed on the other. */
class ClusterCasdoorIT extends AbstractClusterIT {

    private static final String APP = "web-app";
    private static final String SECRET = "web-secret";

    @BeforeAll
    static void client(TestRealm realm) {
        realm.createClient(ClientSpec.confidential(APP, SECRET).casdoorApi());
    }

    private CasdoorHttp on(int node) {
        return CasdoorHttp.client(realmOn(node), APP, SECRET);
    }

    private Map<String, String> key(String user) {
        return Map.of("sessionPkId", realm().name() + "/" + user + "/" + APP);
    }

    private static List<String> ids(Http.Response answer) {
        return Json.list(answer.json().at("/data/sessionId")).stream()
                .map(JsonNode::asText)
                .toList();
    }

    @Test
    void registrationsTravelBetweenTheNodes() {
        Http.Response added =
                on(0).post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "alice", APP, "one"));
        assertEquals("Affected", added.json().get("data").asText(), added.body());

        assertEquals(List.of("one"), ids(on(1).get("get-session", key("alice"))), "written on A, read on B");
        Http.Response duplicated = on(1).get(
                        "is-session-duplicated",
                        Map.of("sessionPkId", realm().name() + "/alice/" + APP, "sessionId", "two"));
        assertEquals(true, duplicated.json().get("data").asBoolean(), duplicated.body());

        on(1).post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "alice", APP, "two"));
        assertEquals(List.of("one", "two"), ids(on(0).get("get-session", key("alice"))), "merged on B, read on A");

        String update = "{\"owner\":\"" + realm().name() + "\",\"name\":\"alice\",\"application\":\"" + APP
                + "\",\"createdTime\":\"2026-08-22T16:53:36+08:00\",\"sessionId\":[\"two\"]}";
        assertEquals(
                "Affected",
                on(0).post("update-session", Map.of(), update)
                        .json()
                        .get("data")
                        .asText());
        Http.Response updated = on(1).get("get-session", key("alice"));
        assertEquals(List.of("two"), ids(updated));
        assertEquals(
                "2026-08-22T16:53:36+08:00",
                updated.json().at("/data/createdTime").asText());

        Http.Response deleted = on(1).post(
                        "delete-session", Map.of("sessionId", "two"), CasdoorHttp.body(realm().name(), "alice", APP));
        assertEquals("Affected", deleted.json().get("data").asText(), deleted.body());
        Http.Response gone = on(0).get("get-session", key("alice"));
        assertEquals("ok", gone.json().get("status").asText());
        assertTrue(gone.json().get("data").isNull(), "removed on B, gone on A: " + gone.body());
    }

    @Test
    void parallelFirstRegistrationsOnBothNodesLoseNothing() throws Exception {
        int parallel = 8;
        List<Http.Response> answers = Parallel.atOnce(
                parallel,
                n -> () -> on(n % 2)
                        .post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "bob", APP, "id-" + n)));
        for (Http.Response r : answers) {
            assertEquals("ok", r.json().get("status").asText(), r.body());
        }
        List<String> ids = ids(on(1).get("get-session", key("bob")));
        assertEquals(parallel, ids.size(), "every id of every node kept: " + ids);
    }
}
