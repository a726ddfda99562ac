package dev.sessioncontrol.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.support.AbstractClusterIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import org.junit.jupiter.api.Test;

/** The harness's cluster, with stock Keycloak features only: the nodes share sessions and accept each other's tokens. */
class ClusterSmokeIT extends AbstractClusterIT {

    @Test
    void aSessionMadeOnOneNodeLivesOnTheOther() {
        realm().createUser("alice", "pw");
        realm().createClient(ClientSpec.publicClient("cli").directAccessGrants(true));
        TestRealm a = realmOn(0);
        TestRealm b = realmOn(1);

        Tokens tokens = OAuth.passwordGrant(a, "cli", null, "alice", "pw", UserAgents.OKHTTP);
        OAuth.TokenResult refreshedOnB = OAuth.refresh(b, "cli", null, tokens.refreshToken());
        assertTrue(refreshedOnB.ok(), refreshedOnB::toString);
        assertEquals(tokens.sessionId(), refreshedOnB.tokens().sessionId());
        assertEquals(
                1,
                b.userSessions(b.adminGet("/users?username=alice")
                                .json()
                                .get(0)
                                .get("id")
                                .asText())
                        .size());
    }
}
