package dev.sessioncontrol.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakCluster;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.PostgresServer;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Incident response at 100,000 and 1,000,000 sessions (-Dbench.matching.sessions, comma-separated) on PostgreSQL, one
 * node or two (-Dbench.topology=postgres or postgres-cluster): "end what matches" with a filter covering a tenth of the
 * sessions and one covering all of them, {@code revoke-all}, and Keycloak's own {@code logout-all} as the bar for
 * removal, each in a realm of its own seeded with the same sessions. Every session holds a client session of a client
 * with a back-channel logout URL (a local receiver that counts requests), except in the last variant, whose client has
 * none. For each: when the request answered, when every covered session was unusable, when the last covered session
 * was gone, and the back-channel logouts delivered.
 */
@Tag("benchmark")
class RevokeMatchingBenchmark extends AbstractKeycloakIT {

    private static final int PER_USER = Integer.getInteger("bench.matching.perUser", 10);
    private static final String APP = "app";
    private static final String SECRET = "secret";
    private static final Duration DONE_WITHIN = Duration.ofMinutes(Integer.getInteger("bench.matching.minutes", 60));
    private static final Duration ANSWER_WITHIN = Duration.ofMinutes(60);

    private enum Variant {
        KEYCLOAK("Keycloak `logout-all`", true),
        REVOKE_ALL("`revoke-all`", true),
        TENTH("`revoke`, `startedBefore` covering 10 %", true),
        ALL("`revoke`, `type=REGULAR` covering all", true),
        ALL_NO_BACKCHANNEL("`revoke`, `type=REGULAR`, client without back-channel URL", false);

        final String label;
        final boolean backchannel;

        Variant(String label, boolean backchannel) {
            this.label = label;
            this.backchannel = backchannel;
        }
    }

    /** @param left covered sessions still there when observation ended (then {@code removed} is how long it was) */
    private record Result(
            long sessions,
            Variant variant,
            long covered,
            double answer,
            double unusable,
            double removed,
            long left,
            long logouts) {

        double rate() {
            return (covered - left) / removed;
        }

        String removedText() {
            return left == 0
                    ? String.format(Locale.ROOT, "%.1f", removed)
                    : String.format(Locale.ROOT, "not within %.0f s: %,d left", removed, left);
        }
    }

    @Test
    void revokeMatchingAtScale() throws Exception {
        if (!cluster().topology().postgres()) {
            throw new IllegalStateException("RevokeMatchingBenchmark measures PostgreSQL: run it with"
                    + " -Dbench.topology=postgres or postgres-cluster");
        }
        long[] sizes = Arrays.stream(System.getProperty("bench.matching.sessions", "100000,1000000")
                        .split(","))
                .map(String::trim)
                .mapToLong(Long::parseLong)
                .toArray();
        List<Variant> variants = Arrays.stream(System.getProperty(
                                "bench.matching.variants", "KEYCLOAK,REVOKE_ALL,TENTH,ALL,ALL_NO_BACKCHANNEL")
                        .split(","))
                .map(String::trim)
                .map(Variant::valueOf)
                .toList();
        PostgresServer postgres = cluster().postgres();
        PostgresSeeder seeder = new PostgresSeeder(postgres);
        List<Result> results = new ArrayList<>();
        try (CountingReceiver receiver = new CountingReceiver()) {
            for (long size : sizes) {
                for (Variant variant : variants) {
                    results.add(run(cluster().primary(), postgres, seeder, receiver, size, variant));
                }
            }
        }

        int nodes = cluster().nodes().size();
        StringBuilder report = new StringBuilder();
        report.append("# End what matches at scale\n\n");
        report.append(Machine.withKeycloakAnd(seeder.version()))
                .append(", ")
                .append(nodes == 1 ? "one node" : nodes + " nodes")
                .append("; ")
                .append(PER_USER)
                .append(" sessions per user; requests sent to the first node.\n\n");
        report.append("| sessions | call | covered | answer (s) | every covered session unusable (s) | all covered"
                + " removed (s) | removed per second | back-channel logouts |\n");
        report.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            report.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %,d | %.2f | %.2f | %s | %,.0f | %,d |%n",
                    r.sessions(),
                    r.variant().label,
                    r.covered(),
                    r.answer(),
                    r.unusable(),
                    r.removedText(),
                    r.rate(),
                    r.logouts()));
        }
        report.append("\nTimes are from the moment the request was sent. \"Unusable\": `revoke-all` and `logout-all`:"
                + " three refresh tokens issued before the request answer `invalid_grant` right after the answer;"
                + " `revoke`: a dry run of the same filter right after the answer counts 0 (each covered session is"
                + " ended before the answer).\n");
        Path out = Path.of(
                "target/benchmarks/revoke-matching-" + cluster().topology().wire() + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private Result run(
            KeycloakServer server,
            PostgresServer postgres,
            PostgresSeeder seeder,
            CountingReceiver receiver,
            long size,
            Variant variant)
            throws Exception {
        String name = "matching-" + variant.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + size;
        TestRealm realm = TestRealm.create(server, name);
        try {
            ClientSpec client = ClientSpec.confidential(APP, SECRET)
                    .directAccessGrants(true)
                    .frontchannelLogout(false);
            realm.createClient(variant.backchannel ? client.backchannelLogoutUrl(receiver.url()) : client);
            seeder.seed(realm.name(), APP, (int) (size / PER_USER), PER_USER, "m" + size + variant.ordinal() + "-");
            String realmId =
                    postgres.psql(KeycloakCluster.DATABASE, "select id from realm where name = '" + name + "'");
            List<Tokens> earlier = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                realm.createUser("person" + i, "pw");
                earlier.add(OAuth.passwordGrant(realm, APP, SECRET, "person" + i, "pw", UserAgents.OKHTTP));
            }
            Map<String, Object> filter = filter(variant, postgres, realmId);
            long covered = filter == null ? rows(postgres, realmId) : dryRun(realm, filter);
            receiver.reset();
            System.out.printf(Locale.ROOT, "%s over %,d of %,d sessions…%n", variant.label, covered, size);

            long start = System.nanoTime();
            Http.Response answer = Http.send(request(realm, variant, filter));
            double answered = seconds(start);
            answer.requireSuccess(variant.label);
            if (filter == null) {
                for (Tokens t : earlier) {
                    if (OAuth.refresh(realm, APP, SECRET, t.refreshToken()).ok()) {
                        throw new AssertionError(variant.label + ": an earlier refresh token still works");
                    }
                }
            } else if (dryRun(realm, filter) != 0) {
                // The request ends sessions for a few minutes at most; the workers end the rest, usable till then.
                Poll.holdsWithin(DONE_WITHIN, Duration.ofMillis(500), () -> dryRun(realm, filter) == 0);
            }
            double unusable = seconds(start);
            // Observed for at most -Dbench.matching.minutes: a run that takes longer reports how far it got.
            if (filter == null) {
                Poll.holdsWithin(DONE_WITHIN, Duration.ofMillis(500), () -> rows(postgres, realmId) == 0);
            }
            long left = filter == null ? rows(postgres, realmId) : dryRun(realm, filter);
            double removed = filter == null ? seconds(start) : unusable;
            long logouts =
                    variant.backchannel && left == 0 ? receiver.awaitQuiet(Duration.ofSeconds(5)) : receiver.received();
            Result result = new Result(size, variant, covered, answered, unusable, removed, left, logouts);
            System.out.printf(
                    Locale.ROOT,
                    "%s: answered %.2f s, unusable %.2f s, removed %s, %.0f sessions/s, %,d logouts%n",
                    variant.label,
                    answered,
                    unusable,
                    result.removedText(),
                    result.rate(),
                    logouts);
            JsonNode answerJson = answer.json();
            if (answerJson != null) {
                System.out.println(answerJson);
            }
            return result;
        } finally {
            realm.close();
        }
    }

    /** The body of a {@code revoke} variant, or null for the realm-wide calls. */
    private static Map<String, Object> filter(Variant variant, PostgresServer postgres, String realmId) {
        return switch (variant) {
            case KEYCLOAK, REVOKE_ALL -> null;
            case TENTH ->
                Map.of(
                        "startedBefore",
                        1000
                                * (1
                                        + Long.parseLong(postgres.psql(
                                                KeycloakCluster.DATABASE,
                                                "select percentile_disc(0.1) within group (order by created_on)"
                                                        + " from offline_user_session where realm_id = '" + realmId
                                                        + "'"))));
            case ALL, ALL_NO_BACKCHANNEL -> Map.of("type", "REGULAR");
        };
    }

    private static HttpRequest.Builder request(TestRealm realm, Variant variant, Map<String, Object> filter) {
        String url = switch (variant) {
            case KEYCLOAK -> realm.adminUrl() + "/logout-all";
            case REVOKE_ALL -> realm.adminUrl() + "/session-control/sessions/revoke-all";
            default -> realm.adminUrl() + "/session-control/sessions/revoke";
        };
        return Http.request(url, realm.adminToken())
                .timeout(ANSWER_WITHIN)
                .header("Content-Type", "application/json")
                .POST(
                        filter == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(Json.write(filter)));
    }

    private static long dryRun(TestRealm realm, Map<String, Object> filter) {
        Map<String, Object> body = new HashMap<>(filter);
        body.put("dryRun", true);
        return Http.postJson(realm.adminUrl() + "/session-control/sessions/revoke", realm.adminToken(), body)
                .requireSuccess("dry run")
                .json()
                .get("count")
                .asLong();
    }

    private static long rows(PostgresServer postgres, String realmId) {
        return Long.parseLong(postgres.psql(
                KeycloakCluster.DATABASE,
                "select count(*) from offline_user_session where realm_id = '" + realmId + "'"));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
