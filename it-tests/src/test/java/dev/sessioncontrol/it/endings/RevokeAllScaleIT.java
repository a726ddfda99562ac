package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emergency sign-out where it is needed: a realm with 20,000 sessions. {@code revoke-all} answers with how many
 * sessions it covers, every refresh token issued before it fails at once (regular and offline), and the sessions are
 * then ended in the background until none is left, with back-channel logouts. On the cluster the node that runs the
 * job is stopped midway and started again: nothing is left behind.
 */
@Tag("both")
class RevokeAllScaleIT extends AbstractKeycloakIT {

    private static final int SEEDED_USERS = 400;
    private static final int PER_USER = 50;
    /** Users seeded per request: 1,000 sessions, well within a request's timeout on H2. */
    private static final int SEED_CHUNK = 20;

    private static final String APP = "app";
    private static final String SECRET = "secret";
    private static final Duration DONE_WITHIN = Duration.ofMinutes(10);

    @Test
    void revokeAllAtScale() throws Exception {
        realm().createClient(ClientSpec.publicClient("bulk"));
        try (BackchannelLogoutReceiver receiver = new BackchannelLogoutReceiver(realm())) {
            realm().createClient(ClientSpec.confidential(APP, SECRET)
                    .directAccessGrants(true)
                    .frontchannelLogout(false)
                    .backchannelLogoutUrl(receiver.url()));
            for (int from = 0; from < SEEDED_USERS; from += SEED_CHUNK) {
                Http.postJson(
                                realm().url() + "/session-seeder/seed?users=" + SEED_CHUNK + "&perUser=" + PER_USER
                                        + "&clientId=bulk&prefix=bulk-" + from + "-",
                                realm().adminToken(),
                                null)
                        .requireSuccess("seeding");
            }
            List<Tokens> earlier = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                realm().createUser("person" + i, "pw");
                earlier.add(OAuth.passwordGrant(realm(), APP, SECRET, "person" + i, "pw", UserAgents.OKHTTP));
                earlier.add(OAuth.offlineGrant(realm(), APP, SECRET, "person" + i, "pw", UserAgents.OKHTTP));
            }
            int runner = cluster().nodes().size() - 1;
            TestRealm on = realm().on(cluster().node(runner));
            long exact = count(on);
            assertTrue(exact >= SEEDED_USERS * PER_USER, "seeded: " + exact);

            long started = System.nanoTime();
            JsonNode answer = Http.postJson(
                            on.adminUrl() + "/session-control/sessions/revoke-all", on.adminToken(), null)
                    .requireSuccess("revoke-all")
                    .json();
            System.out.printf(
                    "revoke-all over %d sessions answered in %.1f s: %s%n",
                    exact, (System.nanoTime() - started) / 1e9, answer);
            assertEquals(exact, answer.get("covered").asLong(), "the answer says how many the cut-off covers");
            assertTrue(answer.get("remaining").asLong() > 0, "the rest goes on in the background");

            // At once, long before the sessions are gone: no refresh token issued before works, offline included.
            for (Tokens t : earlier) {
                assertEquals(
                        "invalid_grant",
                        OAuth.refresh(realm(), APP, SECRET, t.refreshToken()).error());
            }

            String job = answer.get("jobId").asText();
            if (cluster().nodes().size() > 1) {
                awaitProgress(on, job);
                cluster().stopAndRestart(runner, () -> {});
                on = realm().on(cluster().node(runner));
            }
            Poll.until("all sessions gone", DONE_WITHIN, () -> count(realm()) == 0);
            // The job is marked done by the scan after its last range (every few seconds), not with the last removal.
            TestRealm runnerRealm = on;
            Poll.until(
                    "the job done",
                    Duration.ofSeconds(30),
                    () -> jobProgress(runnerRealm, job).path("done").asBoolean());
            JsonNode progress = jobProgress(on, job);
            assertTrue(progress.get("done").asBoolean(), progress.toString());
            assertEquals(0, progress.get("remaining").asLong(), progress.toString());
            for (Tokens t : earlier) {
                receiver.awaitLogoutToken(
                        Duration.ofSeconds(30), token -> t.sessionId().equals(token.sid()));
            }
            System.out.printf(
                    "all %d sessions ended %.1f s after revoke-all%n", exact, (System.nanoTime() - started) / 1e9);
        }
    }

    private static JsonNode jobProgress(TestRealm on, String job) {
        return Http.get(on.adminUrl() + "/session-control/jobs/" + job, on.adminToken())
                .requireSuccess("job")
                .json();
    }

    /** Waits until the job has ended some sessions (so that stopping its node interrupts it midway). */
    private void awaitProgress(TestRealm on, String job) {
        Poll.until("the job has ended over 1,000 sessions", Duration.ofMinutes(2), () -> {
            JsonNode p = Http.get(on.adminUrl() + "/session-control/jobs/" + job, on.adminToken())
                    .json();
            return p != null && p.path("ended").asLong() > 1000;
        });
    }

    private static long count(TestRealm on) {
        return Http.get(on.adminUrl() + "/session-control/sessions/count", on.adminToken())
                .requireSuccess("count")
                .json()
                .get("count")
                .asLong();
    }
}
