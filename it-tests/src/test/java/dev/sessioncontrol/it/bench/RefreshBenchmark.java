package dev.sessioncontrol.it.bench;

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakCluster;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Token refresh throughput of the server with the extension against a second server of the same distribution
 * without it (its own database on the same PostgreSQL), alternating round by round in one run: the extension's
 * listener sees every refresh (it records the client's address when it changed, which it has not here).
 */
@Tag("benchmark")
class RefreshBenchmark extends AbstractKeycloakIT {

    private static final int THREADS = 4;
    private static final int USERS = 40;
    private static final int REFRESHES_PER_ROUND = 800;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 7);
    private static final int WARMUP_ROUNDS = 3;
    private static final String CLIENT = "refresher";
    /**
     * With -Dbench.from=203.0.113.7 the sessions sign in through the servers' trusted proxy from that address (the run's
     * location database places it; a server without the proxy options records the proxy's address instead); the
     * refreshes come from the loopback address, so each session's first refresh records a new last address.
     */
    private static final String FROM = System.getProperty("bench.from", "");

    private final StringBuilder report = new StringBuilder();

    @Test
    void refreshThroughput() throws Exception {
        KeycloakServer stock = cluster().startExtra("stock", false);
        TestRealm stockRealm = TestRealm.create(stock, realm().name());
        List<Tokens> withExtension = signIn(realm());
        List<Tokens> withoutExtension = signIn(stockRealm);

        for (int i = 0; i < WARMUP_ROUNDS; i++) {
            round(realm(), withExtension);
            round(stockRealm, withoutExtension);
        }
        List<Double> ours = new ArrayList<>();
        List<Double> theirs = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < ROUNDS; i++) {
            // The order alternates, so neither server always runs first.
            double a;
            double b;
            if (i % 2 == 0) {
                a = round(realm(), withExtension);
                b = round(stockRealm, withoutExtension);
            } else {
                b = round(stockRealm, withoutExtension);
                a = round(realm(), withExtension);
            }
            ours.add(a);
            theirs.add(b);
            ratios.add(a / b);
        }

        line("# Token refresh throughput: with the extension vs. without");
        line("");
        line("Machine: " + Machine.describe() + "; servers: Keycloak " + KeycloakCluster.keycloakVersion() + " ("
                + cluster().topology().describe()
                + (cluster().topology().postgres()
                        ? ", " + new PostgresSeeder(cluster().postgres()).version() + ", a database per server"
                        : "")
                + ", full JIT), one with the extension, one without, running side by side. " + THREADS
                + " client threads, " + REFRESHES_PER_ROUND + " refresh-token grants per round (" + USERS
                + " users' sessions), " + WARMUP_ROUNDS + " warm-up rounds each, then " + ROUNDS
                + " rounds alternating between the servers; medians.");
        line("");
        line("| with the extension (refreshes/s) | without (refreshes/s) | with / without | rounds (min–max) |");
        line("|---:|---:|---:|---:|");
        line(String.format(
                Locale.ROOT,
                "| %.1f | %.1f | %.2f | %.2f–%.2f |",
                median(ours),
                median(theirs),
                median(ratios),
                ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN)));
        line("");
        line("Every round's ratio: "
                + String.join(
                        " ",
                        ratios.stream()
                                .map(r -> String.format(Locale.ROOT, "%.2f", r))
                                .toList()));
        line("");
        Path out = Path.of("target/benchmarks/refresh-" + cluster().topology().wire() + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        stockRealm.close();
    }

    private static List<Tokens> signIn(TestRealm realm) {
        if (!FROM.isEmpty()) {
            // A public address over plain HTTP: Keycloak would otherwise require HTTPS.
            realm.adminPut("", Json.object().put("sslRequired", "none")).requireSuccess("sslRequired none");
        }
        realm.createClient(ClientSpec.publicClient(CLIENT).standardFlow(false).directAccessGrants(true));
        List<Tokens> tokens = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            realm.createUser("refresher-" + i, "Refresh-pw-1");
            tokens.add(OAuth.passwordGrantResultFrom(
                            FROM.isEmpty() ? null : FROM,
                            realm,
                            CLIENT,
                            null,
                            "refresher-" + i,
                            "Refresh-pw-1",
                            "openid")
                    .tokens());
        }
        return tokens;
    }

    /** Refreshes per second over one round; every refresh must succeed. */
    private static double round(TestRealm realm, List<Tokens> sessions) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            long started = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < REFRESHES_PER_ROUND; i++) {
                Tokens t = sessions.get(i % sessions.size());
                done.add(pool.submit(() -> {
                    OAuth.TokenResult result = OAuth.refresh(realm, CLIENT, null, t.refreshToken());
                    if (!result.ok()) {
                        throw new IllegalStateException("refresh failed: " + result);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            return REFRESHES_PER_ROUND / ((System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double median(List<Double> values) {
        double[] sorted =
                values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private void line(String text) {
        report.append(text).append('\n');
    }
}
