package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.TestRealm;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * "End what matches" over thousands of sessions: a device type covering a third of the realm's sessions is ended
 * before the answer, by the request and every node's workers together, and nothing else is. On the cluster the node
 * that answers the request is stopped midway: the other node carries the ending to its end (a range its workers
 * held is taken over once its lease lapses), and still nothing else is ended.
 */
@Tag("both")
class RevokeMatchingScaleIT extends AbstractKeycloakIT {

    private static final int SEEDED_USERS = 200;
    private static final int PER_USER = 60;
    private static final int SEED_CHUNK = 20;
    private static final String APP = "app";
    private static final Duration DONE_WITHIN = Duration.ofMinutes(10);

    @Test
    void aDeviceTypeAtScaleEndsExactlyItsSessionsEvenWhenANodeStops() throws Exception {
        // Back-channel logouts and events are RevokeMatchingIT's: seeded sessions name no protocol to log out of.
        realm().createClient(ClientSpec.publicClient(APP));
        for (int from = 0; from < SEEDED_USERS; from += SEED_CHUNK) {
            Http.postJson(
                            realm().url() + "/session-seeder/seed?users=" + SEED_CHUNK + "&perUser=" + PER_USER
                                    + "&clientId=" + APP + "&prefix=scale-" + from + "-",
                            realm().adminToken(),
                            null)
                    .requireSuccess("seeding");
        }
        long mobile = count(realm(), "deviceType=Mobile");
        long web = count(realm(), "deviceType=Web");
        long oauth = count(realm(), "deviceType=OAuth");
        assertEquals((long) SEEDED_USERS * PER_USER, mobile + web + oauth);

        int runner = cluster().nodes().size() - 1;
        TestRealm on = realm().on(cluster().node(runner));
        String token = on.adminToken();
        CompletableFuture<Http.Response> answer = CompletableFuture.supplyAsync(() -> Http.postJson(
                on.adminUrl() + "/session-control/sessions/revoke", token, Map.of("deviceType", "Mobile")));

        if (cluster().nodes().size() > 1) {
            TestRealm other = realm().on(cluster().node(0));
            Poll.until(
                    "a few hundred Mobile sessions ended",
                    Duration.ofMinutes(2),
                    () -> count(other, "deviceType=Mobile") < mobile - 300);
            long leftAtStop = count(other, "deviceType=Mobile");
            cluster()
                    .stopAndRestart(
                            runner,
                            () -> Poll.until(
                                    "the other node ends every Mobile session",
                                    DONE_WITHIN,
                                    () -> count(other, "deviceType=Mobile") == 0));
            assertTrue(leftAtStop > 0, "the node was stopped while the ending was under way");
        } else {
            JsonNode done = answer.get().requireSuccess("revoke").json();
            assertEquals(mobile, done.get("covered").asLong(), done.toString());
            assertEquals(0, count(realm(), "deviceType=Mobile"), "every covered session was ended before the answer");
            assertTrue(done.get("done").asBoolean(), done.toString());
        }

        assertEquals(0, count(realm(), "deviceType=Mobile"));
        assertEquals(web, count(realm(), "deviceType=Web"), "a Web session was ended");
        assertEquals(oauth, count(realm(), "deviceType=OAuth"), "an OAuth session was ended");
    }

    private static long count(TestRealm on, String query) {
        return Http.get(on.adminUrl() + "/session-control/sessions/count?" + query, on.adminToken())
                .requireSuccess("count")
                .json()
                .get("count")
                .asLong();
    }
}
