package dev.sessioncontrol.it.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakCluster;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Parallel;
import dev.sessioncontrol.it.support.ServerInfo;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The jar on a Keycloak it was not made for (the README's test command runs this on the older 26.5 distribution):
 * the server starts, one log line says the extension is off, and it is off: no route, no theme, no listener or
 * authenticator that ends a session. Never half-working.
 */
@Tag("compat")
class UnsupportedKeycloakIT extends AbstractKeycloakIT {

    private static final String CLIENT = "cli";

    @BeforeAll
    static void realmWithAPolicyThatWouldEndSessions(TestRealm realm) {
        realm.createClient(ClientSpec.publicClient(CLIENT).directAccessGrants(true));
        realm.createUser("alice", "pw");
        // The policy as the extension stores it; were the extension on, every sign-in would end the others.
        realm.adminPut(
                        "",
                        Json.object()
                                .set(
                                        "attributes",
                                        Json.object()
                                                .put("session-control.mode", "LogoutFromAllDevices")
                                                .put("session-control.action", "TerminateOldest")))
                .requireSuccess("storing a policy");
    }

    @Test
    void oneLineSaysTheExtensionIsOff() throws Exception {
        String supported = System.getProperty("keycloak.supportedVersion", "26.7");
        String series = supported.substring(0, supported.lastIndexOf('.'));
        List<String> lines = Files.readAllLines(server().logFile(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("session-control") && l.contains("supports Keycloak " + series + ".x only"))
                .toList();
        assertEquals(1, lines.size(), "one line per start: " + lines);
        assertTrue(lines.get(0).contains("WARN"), lines.get(0));
        assertTrue(
                lines.get(0).contains("this server runs Keycloak " + KeycloakCluster.keycloakVersion()), lines.get(0));
    }

    @Test
    void everyRouteAnswers404() {
        Tokens alice = OAuth.passwordGrant(realm(), CLIENT, null, "alice", "pw", UserAgents.OKHTTP);
        assertEquals(
                404,
                Http.get(realm().url() + "/session-control/account/sessions", alice.accessToken())
                        .status());
        assertEquals(
                404,
                Http.get(realm().adminUrl() + "/session-control/sessions", realm().adminToken())
                        .status());
        assertEquals(
                404,
                Http.get(realm().adminUrl() + "/session-control/policy", realm().adminToken())
                        .status());
        assertEquals(
                404,
                Http.get(realm().url() + "/casdoor/api/get-sessions?owner=" + realm().name(), null)
                        .status());
    }

    @Test
    void theThemesAreNotOffered() {
        ServerInfo info = ServerInfo.of(server());
        for (String type : new String[] {"admin", "account"}) {
            assertFalse(info.offersTheme(type, "session-control"), type + " themes: " + info.themes(type));
        }
    }

    /** The stored policy would end all but one; with the extension off, 20 parallel sign-ins all keep working. */
    @Test
    void noSessionIsEnded() throws Exception {
        int parallel = 20;
        List<Tokens> tokens = Parallel.atOnce(
                parallel, i -> () -> OAuth.passwordGrant(realm(), CLIENT, null, "alice", "pw", UserAgents.OKHTTP));
        String aliceId = realm().userId("alice");
        assertTrue(realm().userSessions(aliceId).size() >= parallel, "every session lives");
        for (Tokens t : tokens) {
            assertTrue(OAuth.refresh(realm(), CLIENT, null, t.refreshToken()).ok(), "refresh works");
        }
    }

    @Test
    void aRealmCanStillBeDeleted() {
        TestRealm extra = TestRealm.create(server(), realm().name() + "-extra");
        extra.createUser("bob", "pw");
        Http.Response deleted = Http.delete(extra.adminUrl(), extra.adminToken());
        assertEquals(204, deleted.status(), deleted.toString());
    }
}
