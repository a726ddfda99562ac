package dev.sessioncontrol.it.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakExtension;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The realm README command 1 imports: its users sign in through its web and mobile clients, and their sessions
 * carry the device types the clients declare. Keeps the demo from rotting unnoticed.
 */
@ExtendWith(KeycloakExtension.class)
class DemoRealmIT {

    @Test
    void demoRealmWorksAsDocumented(KeycloakServer server) throws Exception {
        JsonNode demo = Json.parse(Files.readString(Path.of("src/demo/demo-realm.json")));
        try (TestRealm realm = TestRealm.importRealm(server, demo)) {
            Tokens web = new Browser(realm, UserAgents.CHROME_DESKTOP)
                    .signIn("demo-web", Browser.REDIRECT_URI, "alice", "alice");
            Tokens mobile = OAuth.passwordGrant(realm, "demo-mobile", null, "alice", "alice", UserAgents.OKHTTP);
            OAuth.passwordGrant(realm, "demo-mobile", null, "bob", "bob", UserAgents.CHROME_ANDROID);

            JsonNode sessions = Json.parse(new SessionControlClient(realm)
                    .accountGet(mobile.accessToken(), "/sessions")
                    .requireSuccess("alice's sessions")
                    .body());
            assertEquals(2, sessions.size());
            for (JsonNode s : sessions) {
                String expected = s.get("id").asText().equals(web.sessionId()) ? "Web" : "Mobile";
                assertEquals(expected, s.get("deviceType").asText());
            }
            assertTrue(realm.userEvents("LOGIN").size() >= 3, "event saving is on");
        }
    }
}
