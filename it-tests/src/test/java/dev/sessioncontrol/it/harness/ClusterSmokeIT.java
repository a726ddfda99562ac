package dev.sessioncontrol.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractClusterIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.ServerInfo;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import org.junit.jupiter.api.Test;

/**
 * The harness's cluster carries the extension on every node: the nodes share sessions and accept each other's
 * tokens, and a session made on one node is seen by the extension on the other, with its device type.
 */
class ClusterSmokeIT extends AbstractClusterIT {

    @Test
    void bothNodesCarryTheExtensionAndShareASession() {
        realm().createUser("alice", "pw");
        realm().createClient(ClientSpec.publicClient("cli").directAccessGrants(true));
        TestRealm a = realmOn(0);
        TestRealm b = realmOn(1);

        Tokens tokens = OAuth.passwordGrant(a, "cli", null, "alice", "pw", UserAgents.OKHTTP);
        OAuth.TokenResult refreshedOnB = OAuth.refresh(b, "cli", null, tokens.refreshToken());
        assertTrue(refreshedOnB.ok(), refreshedOnB::toString);
        assertEquals(tokens.sessionId(), refreshedOnB.tokens().sessionId());
        assertEquals(1, b.userSessions(b.userId("alice")).size());

        JsonNode view = b.adminGet("/session-control/sessions/" + tokens.sessionId())
                .requireSuccess("the extension's view on the other node")
                .json();
        assertEquals("OAuth", view.path("deviceType").asText());
        for (KeycloakServer node : cluster().nodes()) {
            ServerInfo info = ServerInfo.of(node);
            for (String spi : ServerInfo.EXTENSION_SPIS) {
                assertFalse(info.extensionProvider(spi).isMissingNode(), node.name() + " loads the extension: " + spi);
            }
        }
    }
}
