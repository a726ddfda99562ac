package dev.sessioncontrol.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Poll;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Sessions made without the extension (as by a node of an older release, two minutes ago) have no indexed facts: the
 * background pass, which runs every minute on one node, gives them theirs, after which the device-type and address
 * filters list them, counted exactly; listing them without those filters never depended on it.
 */
@Tag("both")
class UnindexedSessionsIT extends AbstractKeycloakIT {

    private static final int USERS = 12;
    private static final int PER_USER = 5;

    @Test
    void theBackgroundPassIndexesSessionsMadeWithoutTheExtension() {
        realm().createClient(ClientSpec.publicClient("web"));
        Http.postJson(
                        realm().url() + "/session-seeder/seed?users=" + USERS + "&perUser=" + PER_USER
                                + "&clientId=web&prefix=old-&unindexedSecondsAgo=120",
                        realm().adminToken(),
                        null)
                .requireSuccess("seeding sessions without their facts");
        assertEquals(USERS * PER_USER, total(""), "listed without a filter at once");
        // Device types Web/Mobile/OAuth in turn over (user + session): of 60 sessions, 20 each.
        Poll.until(
                "the background pass indexes the sessions",
                Duration.ofMinutes(4),
                Duration.ofSeconds(2),
                () -> total("&deviceType=Mobile") == 20);
        assertEquals(USERS * PER_USER, total("&ip=10.0.0.0/8"), "their sign-in addresses 10.u.i.1");
        assertEquals(PER_USER, total("&ip=10.3."), "one user's addresses: 10.3.i.1");
        assertEquals(0, total("&ip=192.168.0.0/16"));
        JsonNode page = realm().adminGet("/session-control/sessions?deviceType=OAuth&max=50")
                .requireSuccess("OAuth sessions")
                .json();
        assertEquals(20, page.get("items").size());
        page.get("items").forEach(s -> assertEquals("OAuth", s.get("deviceType").asText()));
    }

    private long total(String filter) {
        return realm().adminGet("/session-control/sessions/count?" + filter.replaceFirst("^&", ""))
                .requireSuccess("count " + filter)
                .json()
                .get("count")
                .asLong();
    }
}
