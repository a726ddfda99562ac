package dev.sessioncontrol.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a node's Prometheus endpoint (management port, {@code /metrics}): the samples of the metrics whose
 * names start with a prefix, by name and labels.
 */
public final class MetricsScrape {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** A sample: the metric's name, its labels and value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    /** The extension's meters. */
    public static final String SESSIONS = "keycloak_session_control_sessions";

    public static final String ENDED = "keycloak_session_control_ended_total";
    public static final String REFUSED = "keycloak_session_control_refused_total";

    private final List<Sample> samples;

    private MetricsScrape(List<Sample> samples) {
        this.samples = samples;
    }

    public static MetricsScrape of(KeycloakServer node, String prefix) {
        Http.Response response =
                Http.get(node.managementUrl() + "/metrics", null).requireSuccess("scraping " + node.name());
        List<Sample> found = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            if (!m.find()) {
                continue;
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            found.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
        return new MetricsScrape(found);
    }

    /** The extension's samples on this node. */
    public static MetricsScrape ofExtension(KeycloakServer node) {
        return of(node, "keycloak_session_control");
    }

    /** The refusals of a realm by device type, summed over the nodes. */
    public static double refused(List<KeycloakServer> nodes, String realm, String deviceType) {
        return nodes.stream()
                .mapToDouble(node -> ofExtension(node).sum(REFUSED, Map.of("realm", realm, "device_type", deviceType)))
                .sum();
    }

    /** Waits until the nodes together count {@code expected} refusals (each node counts its own). */
    public static void awaitRefusals(List<KeycloakServer> nodes, String realm, String deviceType, double expected) {
        Poll.until(
                expected + " refusals counted",
                Duration.ofSeconds(30),
                () -> refused(nodes, realm, deviceType) == expected);
        assertEquals(expected, refused(nodes, realm, deviceType));
    }

    public List<Sample> samples() {
        return samples;
    }

    /** The value of the sample with this name whose labels include {@code labels}; NaN when there is none. */
    public double value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .findFirst()
                .orElse(Double.NaN);
    }

    /** The sum over every sample with this name whose labels include {@code labels} (0 when none). */
    public double sum(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .sum();
    }
}
