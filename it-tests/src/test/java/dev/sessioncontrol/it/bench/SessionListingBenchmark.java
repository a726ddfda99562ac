package dev.sessioncontrol.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Admin listing and ending of sessions with 10,000 and then 100,000 sessions in one realm, against Keycloak's
 * own endpoints in the same run: the admin console's {@code ui-ext/sessions} and {@code users/{id}/sessions}.
 * Requests of all endpoints alternate round by round, so noise on this machine hits them alike.
 */
@Tag("benchmark")
class SessionListingBenchmark extends AbstractKeycloakIT {

    private static final int WARMUP = 10;
    private static final int SAMPLES = 100;
    private static final int SLOW_SAMPLES = 15;
    private static final int END_SAMPLES = 30;
    private static final int ALLOC_REQUESTS = 20;
    private static final int PER_USER = 50;
    private static final int SEED_USERS_PER_REQUEST = 200;

    private final StringBuilder report = new StringBuilder();

    @Test
    void listingAndEnding() throws Exception {
        realm().createClient(ClientSpec.publicClient("bench-web"));
        Optional<ServerProbe> probe = ServerProbe.attach(server().home(),
                Path.of("target/benchmarks").toAbsolutePath());

        line("# Session listing benchmark");
        line("");
        line("Machine: " + Machine.describe() + "; server: " + System.getProperty("keycloak.version")
                + " (embedded H2, --cache=local); samples per row: " + SAMPLES + " (Keycloak console endpoint: "
                + SLOW_SAMPLES + ", in a block of its own), after " + WARMUP + " warm-up calls each ("
                + SLOW_SAMPLES / 3 + " for the console endpoint).");
        line("");
        List<String> userIds = seed(200, "a-");
        measure("10,000", userIds, probe);
        userIds.addAll(seed(1800, "b-"));
        measure("100,000", userIds, probe);

        Path out = Path.of("target/benchmarks/session-listing.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    /** Seeds in requests of 10,000 sessions each, so no single request runs long. */
    private List<String> seed(int users, String prefix) {
        long started = System.nanoTime();
        List<String> ids = new ArrayList<>();
        int chunk = SEED_USERS_PER_REQUEST;
        for (int from = 0; from < users; from += chunk) {
            int n = Math.min(chunk, users - from);
            JsonNode result = Http.postJson(realm().url() + "/session-seeder/seed?users=" + n + "&perUser=" + PER_USER
                    + "&clientId=bench-web&prefix=" + prefix + from + "-", realm().adminToken(), null)
                    .requireSuccess("seeding").json();
            result.get("userIds").forEach(id -> ids.add(id.asText()));
        }
        System.out.printf("Seeded %d sessions in %.1f s%n", users * PER_USER, (System.nanoTime() - started) / 1e9);
        return ids;
    }

    private void measure(String label, List<String> userIds, Optional<ServerProbe> probe) throws Exception {
        String ours = realm().adminUrl() + "/session-control";
        String user = userIds.get(userIds.size() / 2);
        List<String> victims = sessionIds(ours, userIds.subList(0, 2 * END_SAMPLES / PER_USER + 2), 2 * END_SAMPLES + 1);

        // Realm-wide counts are reused for a few seconds and refreshed in the background; an ending through the
        // extension drops them, so the next listing counts the realm in the request. Measure that call on its own.
        Http.delete(ours + "/sessions/" + victims.remove(victims.size() - 1), realm().adminToken())
                .requireSuccess("ending one session");
        Stats cold = new Stats();
        String token = realm().adminToken();
        long coldStart = System.nanoTime();
        long total = Http.get(ours + "/sessions?first=0&max=20", token).requireSuccess("first page").json()
                .get("total").asLong();
        cold.add((System.nanoTime() - coldStart) / 1e6);

        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("session-control: first page (20)", new Endpoint(ours + "/sessions?first=0&max=20", SAMPLES));
        endpoints.put("session-control: deep page (first=" + total / 2 + ")",
                new Endpoint(ours + "/sessions?first=" + total / 2 + "&max=20", SAMPLES));
        endpoints.put("session-control: one user's sessions", new Endpoint(ours + "/sessions?userId=" + user, SAMPLES));
        endpoints.put("Keycloak: users/{id}/sessions",
                new Endpoint(realm().adminUrl() + "/users/" + user + "/sessions", SAMPLES));
        Endpoint console = new Endpoint(realm().adminUrl() + "/ui-ext/sessions?first=0&max=20", SLOW_SAMPLES);

        for (Endpoint e : endpoints.values()) {
            for (int i = 0; i < WARMUP; i++) {
                e.call();
            }
        }
        for (int round = 0; round < SAMPLES; round++) {
            for (Endpoint e : endpoints.values()) {
                e.stats.add(e.call());
            }
        }
        // Keycloak's console endpoint loads every session of the realm per call; measured in a block of its own
        // so the garbage it leaves does not land in the other endpoints' tails.
        for (int i = 0; i < SLOW_SAMPLES / 3; i++) {
            console.call();
        }
        for (int i = 0; i < SLOW_SAMPLES; i++) {
            console.stats.add(console.call());
        }
        endpoints.put("Keycloak: ui-ext/sessions first page (20)", console);

        // Ending: each call ends a different seeded session; ours and Keycloak's alternate.
        Stats oursEnd = new Stats();
        Stats keycloakEnd = new Stats();
        for (int i = 0; i + 1 < victims.size(); i += 2) {
            oursEnd.add(timeDelete(ours + "/sessions/" + victims.get(i)));
            keycloakEnd.add(timeDelete(realm().adminUrl() + "/sessions/" + victims.get(i + 1)));
        }

        line("## " + label + " sessions in the realm");
        line("");
        line("| request | median ms | p95 ms | n | server allocation per request |");
        line("|---|---:|---:|---:|---:|");
        row("session-control: first page, counting the realm in the request", cold, "");
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            Endpoint endpoint = e.getValue();
            String alloc = probe.isPresent() ? bytes(allocationPerRequest(probe.get(), endpoint)) : "n/a";
            row(e.getKey(), endpoint.stats, alloc);
        }
        row("session-control: DELETE /sessions/{id}", oursEnd, "");
        row("Keycloak: DELETE /sessions/{id}", keycloakEnd, "");
        double ratio = endpoints.get("Keycloak: ui-ext/sessions first page (20)").stats.p95()
                / endpoints.get("session-control: first page (20)").stats.p95();
        line("");
        line(String.format(Locale.ROOT, "First page p95: Keycloak's console endpoint / session-control = %.0f×", ratio));
        line("");
    }

    private double allocationPerRequest(ServerProbe probe, Endpoint endpoint) {
        try {
            int n = Math.min(ALLOC_REQUESTS, endpoint.samples / 3);
            return probe.allocatedBytes("alloc", () -> {
                for (int i = 0; i < n; i++) {
                    endpoint.call();
                }
            }) / n;
        } catch (IOException | InterruptedException e) {
            System.out.println("Allocation probe failed: " + e.getMessage());
            return Double.NaN;
        }
    }

    private List<String> sessionIds(String ours, List<String> users, int count) {
        List<String> ids = new ArrayList<>();
        for (String user : users) {
            get(ours + "/sessions?max=" + PER_USER + "&userId=" + user).get("items")
                    .forEach(s -> ids.add(s.get("id").asText()));
            if (ids.size() >= count) {
                break;
            }
        }
        return new ArrayList<>(ids.subList(0, Math.min(count, ids.size())));
    }

    private JsonNode get(String url) {
        return Http.get(url, realm().adminToken()).requireSuccess(url).json();
    }

    private double timeDelete(String url) {
        String token = realm().adminToken();
        return time(() -> Http.delete(url, token).requireSuccess(url));
    }

    private static double time(Supplier<Http.Response> call) {
        long started = System.nanoTime();
        call.get();
        return (System.nanoTime() - started) / 1e6;
    }

    private void row(String name, Stats stats, String alloc) {
        line(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %d | %s |", name, stats.median(), stats.p95(),
                stats.count(), alloc));
    }

    private static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        return b >= 1024 * 1024 ? String.format(Locale.ROOT, "%.1f MB", b / 1024 / 1024)
                : String.format(Locale.ROOT, "%.0f kB", b / 1024);
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    private final class Endpoint {
        final String url;
        final int samples;
        final Stats stats = new Stats();

        Endpoint(String url, int samples) {
            this.url = url;
            this.samples = samples;
        }

        double call() {
            String token = realm().adminToken();
            return time(() -> Http.get(url, token).requireSuccess(url));
        }
    }
}
