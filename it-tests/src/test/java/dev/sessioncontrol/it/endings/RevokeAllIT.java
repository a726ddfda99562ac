package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The emergency route, in a realm of its own since it ends everything. */
class RevokeAllIT extends AbstractKeycloakIT {

    @Test
    void endsEverySessionButTheCallers() {
        realm().createClient(ClientSpec.publicClient("api").standardFlow(false).directAccessGrants(true));
        String adminId = realm().createUser("operator", "pw");
        realm().assignClientRole(adminId, "realm-management", "manage-users");
        List<Tokens> others = new ArrayList<>();
        for (int u = 0; u < 3; u++) {
            realm().createUser("user" + u, "pw");
            for (int i = 0; i < 2; i++) {
                others.add(OAuth.passwordGrant(realm(), "api", null, "user" + u, "pw", UserAgents.CURL));
            }
        }
        Tokens operatorElsewhere = OAuth.passwordGrant(realm(), "api", null, "operator", "pw", UserAgents.OKHTTP);
        Tokens operator = OAuth.passwordGrant(realm(), "api", null, "operator", "pw", UserAgents.CURL);

        JsonNode result = new SessionControlClient(realm())
                .adminPost(operator.accessToken(), "/sessions/revoke-all")
                .requireSuccess("revoke-all")
                .json();

        // Covered: everyone's but the caller's current session. The caller's own other session is ended before the
        // answer; the rest are cut off at once and ended in the background.
        assertEquals(7, result.get("covered").asInt());
        assertTrue(result.get("ended").asInt() >= 1, result.toString());
        assertTrue(result.get("skippedCurrent").asBoolean());
        for (Tokens t : others) {
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(realm(), "api", null, t.refreshToken()).error());
        }
        assertEquals(
                "invalid_grant",
                OAuth.refresh(realm(), "api", null, operatorElsewhere.refreshToken())
                        .error());
        assertTrue(OAuth.refresh(realm(), "api", null, operator.refreshToken()).ok(), "the caller's session lives");
        assertEquals(
                "revoke-all",
                Events.await(realm(), "LOGOUT", others.get(0).sessionId())
                        .at("/details/reason")
                        .asText());
        realm().awaitPastCutOff();
    }
}
