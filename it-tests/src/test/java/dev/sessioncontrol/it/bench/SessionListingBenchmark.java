package dev.sessioncontrol.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakCluster;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.Topology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The admin listing (every filter), {@code stats} and ending of sessions at two realm sizes, against Keycloak's own
 * endpoints in the same run: the admin console's {@code ui-ext/sessions} with and without a search, and
 * {@code users/{id}/sessions}. Requests of all fast endpoints alternate round by round, so noise on this machine
 * hits them alike; Keycloak's console endpoint, which loads every session of the realm per call, runs in a block of
 * its own with a time budget. Sizes: {@code -Dbench.sizes=} (default 100,000 and 1,000,000 on PostgreSQL, 10,000
 * and 100,000 on H2).
 */
@Tag("benchmark")
class SessionListingBenchmark extends AbstractKeycloakIT {

    private static final int WARMUP = 10;
    private static final int SAMPLES = 100;
    private static final int SLOW_SAMPLES = 15;
    private static final Duration SLOW_BUDGET = Duration.ofMinutes(5);
    private static final Duration SLOW_TIMEOUT = Duration.ofSeconds(300);
    private static final int END_SAMPLES = 30;
    private static final int ALLOC_REQUESTS = 20;
    private static final int PER_USER = 50;
    private static final int SEED_USERS_PER_REQUEST = 200;
    private static final String CLIENT = "bench-web";
    /** A client one session in a thousand also signed in to (PostgreSQL seeding only). */
    private static final String RARE_CLIENT = "bench-rare";

    private final StringBuilder report = new StringBuilder();

    @Test
    void listingAndEnding() throws Exception {
        Topology topology = cluster().topology();
        realm().createClient(ClientSpec.publicClient(CLIENT));
        realm().createClient(ClientSpec.publicClient(RARE_CLIENT));
        // Seeded sessions must stay live for the whole run (an hour or more at a million sessions).
        realm().adminPut("", Json.object().put("ssoSessionIdleTimeout", 36_000).put("ssoSessionMaxLifespan", 86_400))
                .requireSuccess("longer session timeouts");
        Optional<ServerProbe> probe =
                ServerProbe.attach(server().home(), Path.of("target/benchmarks").toAbsolutePath());
        PostgresSeeder sql = topology.postgres() ? new PostgresSeeder(cluster().postgres()) : null;

        line("# Session listing benchmark");
        line("");
        line("Machine: " + Machine.describe() + "; server: Keycloak " + KeycloakCluster.keycloakVersion() + " ("
                + topology.describe() + (sql == null ? "" : ", " + sql.version()) + ", full JIT); samples per row: "
                + SAMPLES + " after " + WARMUP + " warm-up calls each; Keycloak's console endpoint: up to "
                + SLOW_SAMPLES + " calls within " + SLOW_BUDGET.toMinutes() + " minutes, in a block of its own.");
        line("");
        List<Integer> sizes = sizes(topology);
        List<String> userIds = new ArrayList<>();
        int seeded = 0;
        for (int size : sizes) {
            int users = size / PER_USER - seeded / PER_USER;
            String prefix = "s" + size / 1000 + "k-";
            long started = System.nanoTime();
            userIds.addAll(
                    sql != null
                            ? sql.seed(realm().name(), CLIENT, RARE_CLIENT, users, PER_USER, prefix, true)
                            : seedOverHttp(users, prefix));
            seeded = size;
            System.out.printf("Seeded up to %,d sessions in %.1f s%n", size, (System.nanoTime() - started) / 1e9);
            double caughtUp = awaitKeptCountsCaughtUp();
            measure(String.format(Locale.ROOT, "%,d", size), userIds, prefix, probe, caughtUp);
        }

        Path out = Path.of("target/benchmarks/session-listing-" + topology.wire() + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static List<Integer> sizes(Topology topology) {
        String value = System.getProperty("bench.sizes", "").trim();
        if (!value.isEmpty()) {
            return Arrays.stream(value.split(","))
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .toList();
        }
        return topology.postgres() ? List.of(100_000, 1_000_000) : List.of(10_000, 100_000);
    }

    /** Through Keycloak's own session API (the test-only seeder), in requests of 10,000 sessions each. */
    private List<String> seedOverHttp(int users, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < users; from += SEED_USERS_PER_REQUEST) {
            int n = Math.min(SEED_USERS_PER_REQUEST, users - from);
            JsonNode result = Http.postJson(
                            realm().url() + "/session-seeder/seed?users=" + n + "&perUser=" + PER_USER + "&clientId="
                                    + CLIENT + "&prefix=" + prefix + from + "-",
                            realm().adminToken(),
                            null)
                    .requireSuccess("seeding")
                    .json();
            result.get("userIds").forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    /**
     * Sessions seeded with SQL are unknown to the node's kept counts until they are recounted (every sign-in through
     * Keycloak would be counted at once): waits until the listing's and the stats' totals are the database's.
     *
     * @return seconds it took: about one background recount of the realm at its new size
     */
    private double awaitKeptCountsCaughtUp() throws InterruptedException {
        String ours = realm().adminUrl() + "/session-control";
        long exact = get(ours + "/sessions/count").get("count").asLong();
        long started = System.nanoTime();
        Poll.until(
                "the kept counts catch up with " + exact + " sessions",
                Duration.ofMinutes(10),
                Duration.ofMillis(500),
                () -> get(ours + "/sessions?max=1").get("total").asLong() == exact
                        && get(ours + "/stats").get("total").asLong() == exact);
        return (System.nanoTime() - started) / 1e9;
    }

    private void measure(
            String label, List<String> userIds, String prefix, Optional<ServerProbe> probe, double caughtUpSeconds) {
        String ours = realm().adminUrl() + "/session-control";
        String user = userIds.get(userIds.size() / 2);
        String username = Http.get(realm().adminUrl() + "/users/" + user, realm().adminToken())
                .requireSuccess("user")
                .json()
                .get("username")
                .asText();
        List<String> victims = sessionIds(ours, userIds.subList(0, 2 * END_SAMPLES / PER_USER + 2), 2 * END_SAMPLES);
        long total = get(ours + "/sessions?max=1").get("total").asLong();

        // The cursor of the session just before the middle: "after" it is the same page as the offset's.
        String middle = get(ours + "/sessions?max=1&first=" + (total / 2 - 1))
                .get("next")
                .asText();

        Map<String, Endpoint> endpoints = new LinkedHashMap<>();
        endpoints.put("session-control: first page (20)", new Endpoint(ours + "/sessions?max=20"));
        endpoints.put(
                "session-control: deep page by offset (first=" + total / 2 + ")",
                new Endpoint(ours + "/sessions?first=" + total / 2 + "&max=20"));
        endpoints.put(
                "session-control: deep page by cursor (after= the same place)",
                new Endpoint(ours + "/sessions?max=20&after=" + middle));
        endpoints.put(
                "session-control: user search, one user (search=" + username + ")",
                new Endpoint(ours + "/sessions?max=20&search=" + Http.encode(username)));
        endpoints.put(
                "session-control: user search, many users (search=" + prefix + "1, the first 500 of them)",
                new Endpoint(ours + "/sessions?max=20&search=" + Http.encode(prefix + "1")));
        endpoints.put(
                "session-control: one user's sessions (userId=)", new Endpoint(ours + "/sessions?userId=" + user));
        filter(endpoints, ours, "client", "clientId=" + CLIENT, "clientId=" + RARE_CLIENT);
        filter(endpoints, ours, "device type", "deviceType=Mobile", "deviceType=Tablet");
        filter(endpoints, ours, "address prefix", "ip=10.1", "ip=10.7.");
        filter(endpoints, ours, "CIDR block", "ip=10.0.0.0/9", "ip=10.7.3.0/24");
        filter(endpoints, ours, "country", "country=DE", "country=AU");
        endpoints.put("session-control: stats", new Endpoint(ours + "/stats"));
        endpoints.put(
                "Keycloak: users/{id}/sessions", new Endpoint(realm().adminUrl() + "/users/" + user + "/sessions"));
        // What the many-users search above costs Keycloak itself: the same user search, its first 500 users.
        endpoints.put(
                "Keycloak: users?search=" + prefix + "1&max=500 (the user search alone)",
                new Endpoint(realm().adminUrl() + "/users?briefRepresentation=true&max=500&search="
                        + Http.encode(prefix + "1")));

        // The first request of each kind on a node counts the realm (later ones use the kept counts): timed apart.
        Map<String, Double> firstCalls = new LinkedHashMap<>();
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            firstCalls.put(e.getKey(), e.getValue().call());
        }
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
        Map<String, String> allocation = new LinkedHashMap<>();
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            allocation.put(
                    e.getKey(), probe.isPresent() ? bytes(allocationPerRequest(probe.get(), e.getValue())) : "n/a");
        }

        Map<String, Endpoint> slow = new LinkedHashMap<>();
        slow.put(
                "Keycloak: ui-ext/sessions first page (20)",
                new Endpoint(realm().adminUrl() + "/ui-ext/sessions?first=0&max=20&type=ALL"));
        slow.put(
                "Keycloak: ui-ext/sessions search (search=" + username + ")",
                new Endpoint(realm().adminUrl() + "/ui-ext/sessions?first=0&max=20&type=ALL&search="
                        + Http.encode(username)));
        for (Endpoint e : slow.values()) {
            e.callWithin(SLOW_SAMPLES, SLOW_BUDGET);
        }

        Stats oursEnd = new Stats();
        Stats keycloakEnd = new Stats();
        for (int i = 0; i + 1 < victims.size(); i += 2) {
            oursEnd.add(timeDelete(ours + "/sessions/" + victims.get(i)));
            keycloakEnd.add(timeDelete(realm().adminUrl() + "/sessions/" + victims.get(i + 1)));
        }

        line("## " + label + " sessions in the realm");
        line("");
        line("| request | median ms | p95 ms | n | first call ms | server allocation per request |");
        line("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, Endpoint> e : endpoints.entrySet()) {
            row(
                    e.getKey(),
                    e.getValue().stats,
                    String.format(Locale.ROOT, "%.0f", firstCalls.get(e.getKey())),
                    allocation.get(e.getKey()));
        }
        for (Map.Entry<String, Endpoint> e : slow.entrySet()) {
            Endpoint endpoint = e.getValue();
            String note = endpoint.timedOut > 0
                    ? endpoint.timedOut + " call(s) gave no answer within " + SLOW_TIMEOUT.toSeconds() + " s"
                    : "";
            row(e.getKey(), endpoint.stats, "", note);
        }
        row("session-control: DELETE /sessions/{id}", oursEnd, "", "");
        row("Keycloak: DELETE /sessions/{id}", keycloakEnd, "", "");
        line("");
        double first = endpoints.get("session-control: first page (20)").stats.p95();
        double search = endpoints.entrySet().stream()
                .filter(e -> e.getKey().contains("user search, one user"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .stats
                .p95();
        List<Endpoint> consoles = new ArrayList<>(slow.values());
        line(String.format(
                Locale.ROOT,
                "p95, Keycloak's console endpoint / session-control: first page %s, search %s.",
                ratio(consoles.get(0), first),
                ratio(consoles.get(1), search)));
        line("");
        line(String.format(
                Locale.ROOT,
                "The node's kept counts (listing total and stats) caught up with the sessions"
                        + " seeded behind Keycloak's back %.1f s after the first request (one background recount).",
                caughtUpSeconds));
        line("");
    }

    /** A filter's first page with a common value and with a rare one, each with its share of the realm. */
    private void filter(Map<String, Endpoint> endpoints, String ours, String name, String common, String rare) {
        for (String query : List.of(common, rare)) {
            long matching = get(ours + "/sessions/count?" + query).get("count").asLong();
            endpoints.put(
                    String.format(
                            Locale.ROOT,
                            "session-control: %s filter (%s: %,d)",
                            name,
                            query.substring(query.indexOf('=') + 1),
                            matching),
                    new Endpoint(ours + "/sessions?max=20&" + query));
        }
    }

    private static String ratio(Endpoint console, double oursP95) {
        if (console.stats.count() == 0) {
            return "no answer from Keycloak within " + SLOW_TIMEOUT.toSeconds() + " s";
        }
        return String.format(
                Locale.ROOT,
                "%.0f×%s",
                console.stats.p95() / oursP95,
                console.timedOut > 0 ? " (at least: some calls gave no answer)" : "");
    }

    private double allocationPerRequest(ServerProbe probe, Endpoint endpoint) {
        try {
            return probe.allocatedBytes("alloc", () -> {
                        for (int i = 0; i < ALLOC_REQUESTS; i++) {
                            endpoint.call();
                        }
                    })
                    / ALLOC_REQUESTS;
        } catch (IOException | InterruptedException e) {
            System.out.println("Allocation probe failed: " + e.getMessage());
            return Double.NaN;
        }
    }

    private List<String> sessionIds(String ours, List<String> users, int count) {
        List<String> ids = new ArrayList<>();
        for (String user : users) {
            get(ours + "/sessions?max=" + PER_USER + "&userId=" + user)
                    .get("items")
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

    private void row(String name, Stats stats, String first, String alloc) {
        line(String.format(
                Locale.ROOT,
                "| %s | %s | %s | %d | %s | %s |",
                name,
                ms(stats.median()),
                ms(stats.p95()),
                stats.count(),
                first,
                alloc));
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.1f", value);
    }

    private static String bytes(double b) {
        if (Double.isNaN(b)) {
            return "n/a";
        }
        return b >= 1024 * 1024
                ? String.format(Locale.ROOT, "%.1f MB", b / 1024 / 1024)
                : String.format(Locale.ROOT, "%.0f kB", b / 1024);
    }

    private void line(String text) {
        report.append(text).append('\n');
    }

    private final class Endpoint {
        final String url;
        final Stats stats = new Stats();
        int timedOut;

        Endpoint(String url) {
            this.url = url;
        }

        double call() {
            String token = realm().adminToken();
            return time(() -> Http.get(url, token).requireSuccess(url));
        }

        /** One warm-up call, then up to {@code n} timed calls while the budget lasts; no answer counts apart. */
        void callWithin(int n, Duration budget) {
            long deadline = System.nanoTime() + budget.toNanos();
            boolean warm = false;
            while (stats.count() < n && System.nanoTime() < deadline) {
                String token = realm().adminToken();
                long started = System.nanoTime();
                try {
                    Http.get(url, token, SLOW_TIMEOUT).requireSuccess(url);
                } catch (UncheckedIOException e) {
                    timedOut++;
                    return; // a server that gives no answer within minutes is not asked again
                }
                double millis = (System.nanoTime() - started) / 1e6;
                if (warm) {
                    stats.add(millis);
                } else {
                    warm = true;
                }
            }
        }
    }
}
