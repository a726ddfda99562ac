package dev.sessioncontrol.it.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.MetricsScrape;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The extension's metrics on Keycloak's own metrics endpoint (management port, {@code /metrics}), scraped as
 * Prometheus does: the session gauges by device type and type follow sign-ins and endings on every node, and an
 * ending is counted by its reason. On both topologies (on the cluster, sign-ins go to both nodes and each node's
 * gauges must agree after an ending on one of them). Refusals are counted in DenyNewRaceIT.
 */
@Tag("both")
class MetricsIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final Duration WITHIN = Duration.ofSeconds(30);

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(MOBILE)
                .standardFlow(false)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        realm.createUser("ann", "pw");
        realm.createUser("ben", "pw");
    }

    private double gauge(KeycloakServer node, String deviceType, String type) {
        return MetricsScrape.ofExtension(node)
                .value(
                        MetricsScrape.SESSIONS,
                        Map.of("realm", realm().name(), "device_type", deviceType, "type", type));
    }

    /** Waits until every node's gauges show these numbers (a first scrape starts the counts in the background). */
    private void awaitGauges(Map<List<String>, Integer> expected) {
        for (KeycloakServer node : cluster().nodes()) {
            Poll.until(
                    node.name() + " reports " + expected,
                    WITHIN,
                    () -> expected.entrySet().stream()
                            .allMatch(e ->
                                    gauge(node, e.getKey().get(0), e.getKey().get(1)) == e.getValue()));
        }
    }

    @Test
    void sessionGaugesFollowSignInsAndEndingsOnEveryNodeAndEndingsAreCountedByReason() {
        List<KeycloakServer> nodes = cluster().nodes();
        TestRealm second = realm().on(nodes.get(nodes.size() - 1));
        new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "ann", "pw");
        Tokens benWeb = new Browser(second, UserAgents.FIREFOX_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "ben", "pw");
        OAuth.offlineGrant(realm(), MOBILE, null, "ann", "pw", UserAgents.SAFARI_IPHONE);
        OAuth.passwordGrant(second, MOBILE, null, "ben", "pw", UserAgents.CHROME_ANDROID);

        awaitGauges(Map.of(
                List.of("Web", "REGULAR"),
                2,
                List.of("Mobile", "REGULAR"),
                1,
                List.of("Mobile", "OFFLINE"),
                1,
                List.of("OAuth", "REGULAR"),
                0,
                List.of("other", "REGULAR"),
                0));
        double endedBefore = endedByAdmin();

        realm().adminDelete("/session-control/sessions/" + benWeb.sessionId()).requireSuccess("ending ben's browser");
        awaitGauges(
                Map.of(List.of("Web", "REGULAR"), 1, List.of("Mobile", "REGULAR"), 1, List.of("Mobile", "OFFLINE"), 1));
        Poll.until("the ending is counted once, by its reason", WITHIN, () -> endedByAdmin() == endedBefore + 1);

        for (KeycloakServer node : nodes) {
            for (MetricsScrape.Sample sample : MetricsScrape.ofExtension(node).samples()) {
                if (sample.name().equals(MetricsScrape.SESSIONS)
                        && realm().name().equals(sample.labels().get("realm"))) {
                    assertTrue(sample.labels().keySet().containsAll(List.of("device_type", "type")), sample.toString());
                }
            }
        }
    }

    /** Endings by an admin, summed over the nodes (each node counts the endings it ran). */
    private double endedByAdmin() {
        return cluster().nodes().stream()
                .mapToDouble(node -> MetricsScrape.ofExtension(node)
                        .sum(MetricsScrape.ENDED, Map.of("realm", realm().name(), "reason", "revoked-by-admin")))
                .sum();
    }
}
