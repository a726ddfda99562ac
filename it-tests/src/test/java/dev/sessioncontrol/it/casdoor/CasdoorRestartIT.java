package dev.sessioncontrol.it.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.CasdoorHttp;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.TestRealm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ids registered through the Casdoor API live in the database, not in memory: a restart keeps them. */
class CasdoorRestartIT extends AbstractKeycloakIT {

    private static final String WEB = "web-app";
    private static final String WEB_SECRET = "web-secret";

    @BeforeAll
    static void clients(TestRealm realm) {
        realm.createClient(ClientSpec.confidential(WEB, WEB_SECRET).casdoorApi());
    }

    @Test
    void registeredIdsSurviveARestart() {
        CasdoorHttp web = CasdoorHttp.client(realm(), WEB, WEB_SECRET);
        web.post("add-session", Map.of(), CasdoorHttp.body(realm().name(), "kept", WEB, "one", "two"));
        Map<String, String> query = Map.of("sessionPkId", realm().name() + "/kept/" + WEB);
        JsonNode before = web.get("get-session", query).json().get("data");
        assertEquals(List.of("one", "two"), ids(before));

        server().restart();

        Http.Response after = web.get("get-session", query);
        assertEquals("ok", after.json().get("status").asText(), after.body());
        assertEquals(ids(before), ids(after.json().get("data")));
        assertEquals(
                before.get("createdTime").asText(),
                after.json().at("/data/createdTime").asText());
    }

    private static List<String> ids(JsonNode record) {
        return Json.list(record.get("sessionId")).stream().map(JsonNode::asText).toList();
    }
}
