package dev.sessioncontrol.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakCluster;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Password-grant throughput with the policy off ({@code Disabled}), on ({@code LogoutFromSameTypeDevices},
 * max 1, TerminateOldest, through the always-on listener) and with Keycloak's built-in "User session count
 * limiter" (client limit 1, terminate oldest, in a copied direct-grant flow bound to its own client), and with
 * the policy's check alone (same mode, a maximum nobody reaches: the policy's own cost without ending), with 0,
 * 10 and 100 existing sessions per user, once with Keycloak's default password hashing and once with a
 * one-iteration PBKDF2 so that the policy's own cost shows. The variants alternate round by round in the same
 * server run; each round signs in fresh users seeded with the existing sessions. Each user's first sign-in is
 * timed apart (under the policy it ends the user's seeded surplus, once); the table's throughput is that of the
 * sign-ins after it, the policy's steady state. On a cluster topology the sign-ins alternate between the nodes.
 */
@Tag("benchmark")
class SignInPolicyBenchmark extends AbstractKeycloakIT {

    private static final int THREADS = 4;
    private static final int USERS = 24;
    /** Timed sign-ins per user and round (-Dbench.signInsPerUser): more make each round longer and steadier. */
    private static final int SIGN_INS_PER_USER = Integer.getInteger("bench.signInsPerUser", 10);
    /** Rounds per row; more narrow the spread of the ratios (-Dbench.rounds). */
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);
    /** Existing sessions per user, one row each (-Dbench.existing=0,10,100). */
    private static final int[] EXISTING = Arrays.stream(
                    System.getProperty("bench.existing", "0,10,100").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray();
    /** Which hashing sections run: both, default or cheap (-Dbench.hashing). */
    private static final String HASHING = System.getProperty("bench.hashing", "both");
    /** When set, every timed run is recorded with JDK Flight Recorder into this directory (-Dbench.jfr=dir). */
    private static final String JFR_DIR = System.getProperty("bench.jfr", "");
    /** The recordings' JFR settings: profile (default), default or a .jfc file (-Dbench.jfr.settings). */
    private static final String JFR_SETTINGS = System.getProperty("bench.jfr.settings", "profile");
    /**
     * The timed sign-ins' scope (-Dbench.scope): "openid" (default), or "openid offline_access" for sign-ins that
     * leave an offline session each, which the policy counts and ends like regular ones.
     */
    private static final String SCOPE = System.getProperty("bench.scope", "openid");
    /**
     * With -Dbench.newSignInEmail=true the policy variants run with the new-device e-mail on too (every timed
     * sign-in looks its device up among the user's known devices; the user's first sign-in records it).
     */
    private static final boolean NEW_SIGN_IN_EMAIL = Boolean.getBoolean("bench.newSignInEmail");
    /**
     * With -Dbench.from=203.0.113.7 every timed sign-in comes through the servers' trusted proxy from that address,
     * which the run's location database places (Berlin): the extension looks the place up and records it.
     */
    private static final String FROM = System.getProperty("bench.from", "");
    /**
     * off: policy Disabled; policy: LogoutFromSameTypeDevices, max 1 (every timed sign-in ends the user's previous
     * one); check: the same mode with a maximum no user reaches (the policy runs its whole check, ends nothing);
     * limiter: Keycloak's built-in limiter.
     */
    private static final String[] VARIANTS = {"off", "policy", "check", "limiter"};
    /**
     * The variants that run (-Dbench.variants=off,policy while iterating); the table's missing ones read NaN.
     * Always includes off and policy, which every ratio needs.
     */
    private static final List<String> RUN =
            runVariants(System.getProperty("bench.variants", "off,policy,check,limiter"));

    private static final int CHECK_ONLY_MAX = 10_000;
    private static final String POLICY_CLIENT = "bench";
    private static final String LIMITER_CLIENT = "bench-limiter";
    private static final String SECRET = "secret";
    private static final String PASSWORD = "Bench-pw-1";

    private final StringBuilder report = new StringBuilder();
    private final AtomicInteger userCounter = new AtomicInteger();
    private final AtomicInteger recordings = new AtomicInteger();

    @Test
    void signInThroughput() throws Exception {
        if (!FROM.isEmpty()) {
            // A public address over plain HTTP: Keycloak would otherwise require HTTPS.
            realm().adminPut("", Json.object().put("sslRequired", "none")).requireSuccess("sslRequired none");
        }
        realm().createClient(ClientSpec.confidential(POLICY_CLIENT, SECRET)
                .standardFlow(false)
                .directAccessGrants(true));
        String limiterUuid = realm().createClient(ClientSpec.confidential(LIMITER_CLIENT, SECRET)
                .standardFlow(false)
                .directAccessGrants(true));
        bindLimiterFlow(limiterUuid);

        line("# Sign-in throughput: concurrent-login policy vs. off vs. Keycloak's session limiter");
        line("");
        line("Machine: " + Machine.describe() + "; server: Keycloak " + KeycloakCluster.keycloakVersion()
                + " (" + cluster().topology().describe()
                + (cluster().topology().postgres()
                        ? ", " + new PostgresSeeder(cluster().postgres()).version()
                        : "")
                + (cluster().topology().clustered() ? "; sign-ins alternate between the nodes" : "")
                + "). Password grants (scope `" + SCOPE + "`"
                + (NEW_SIGN_IN_EMAIL ? "; policy variants with the new-device e-mail on" : "")
                + (FROM.isEmpty()
                        ? ""
                        : "; from " + FROM + " through the trusted proxy, placed by the location database")
                + "), " + THREADS
                + " client threads, "
                + USERS * SIGN_INS_PER_USER + " timed sign-ins per measurement (" + USERS + " fresh users x "
                + SIGN_INS_PER_USER + ", after each user's first sign-in), " + ROUNDS
                + " rounds of off / policy / check only / limiter (order rotating round by round);"
                + " throughputs are medians of the rounds, ratios medians of the rounds' own ratios. Server JVM: "
                + System.getProperty("keycloak.javaOpts", "defaults") + ".");
        line("");
        if (!"cheap".equals(HASHING)) {
            measure("Keycloak's default password hashing", "");
        }
        if (!"default".equals(HASHING)) {
            measure("cheap hashing: pbkdf2-sha256, 1 iteration", "hashAlgorithm(pbkdf2-sha256) and hashIterations(1)");
        }

        Path out = Path.of("target/benchmarks/sign-in-policy-"
                + cluster().topology().wire() + (SCOPE.contains("offline_access") ? "-offline" : "") + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private void measure(String hashing, String passwordPolicy) throws Exception {
        realm().adminPut("", Json.object().put("passwordPolicy", passwordPolicy))
                .requireSuccess("password policy");
        warmUp();
        StringBuilder first = new StringBuilder();
        StringBuilder rounds = new StringBuilder();
        StringBuilder cpu = new StringBuilder();
        line("## " + hashing);
        line("");
        line("| existing sessions per user | off (sign-ins/s) | policy on | limiter | policy / off | policy / limiter |"
                + " policy / off, rounds (min–max) | check only (sign-ins/s) | check only / off |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int existing : EXISTING) {
            Map<String, List<Round>> results = new LinkedHashMap<>();
            for (String v : VARIANTS) {
                results.put(v, new ArrayList<>());
            }
            List<Double> vsOff = new ArrayList<>();
            List<Double> vsLimiter = new ArrayList<>();
            List<Double> checkVsOff = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                // The order rotates round by round, so no variant always runs first after seeding.
                for (int i = 0; i < VARIANTS.length; i++) {
                    String variant = VARIANTS[(i + round) % VARIANTS.length];
                    results.get(variant).add(RUN.contains(variant) ? round(variant, existing) : Round.SKIPPED);
                }
                double off = results.get("off").get(round).steady();
                double on = results.get("policy").get(round).steady();
                vsOff.add(on / off);
                vsLimiter.add(on / results.get("limiter").get(round).steady());
                checkVsOff.add(results.get("check").get(round).steady() / off);
            }
            Medians steady = Medians.of(results, Round::steady);
            line(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.1f | %.1f | %.2f | %.2f | %.2f–%.2f | %.1f | %.2f |",
                    existing,
                    steady.off(),
                    steady.policy(),
                    steady.limiter(),
                    median(vsOff, x -> x),
                    median(vsLimiter, x -> x),
                    vsOff.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN),
                    vsOff.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN),
                    steady.check(),
                    median(checkVsOff, x -> x)));
            rounds.append(String.format(
                    Locale.ROOT,
                    "- %d existing: policy / off %s; check only / off %s%n",
                    existing,
                    joined(vsOff),
                    joined(checkVsOff)));
            Medians cpuMillis = Medians.of(results, Round::cpuMillis);
            cpu.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.1f | %.1f | %.1f | %.2f | %.2f |%n",
                    existing,
                    cpuMillis.off(),
                    cpuMillis.policy(),
                    cpuMillis.check(),
                    cpuMillis.limiter(),
                    cpuMillis.policy() / cpuMillis.off(),
                    cpuMillis.check() / cpuMillis.off()));
            Medians firsts = Medians.of(results, Round::first);
            first.append(String.format(
                    Locale.ROOT,
                    "| %d | %.1f | %.1f | %.1f | %.1f |%n",
                    existing,
                    firsts.off(),
                    firsts.policy(),
                    firsts.check(),
                    firsts.limiter()));
            System.out.println(report);
        }
        line("");
        line("Every round's ratios, in round order (to pool several runs):");
        line("");
        report.append(rounds);
        line("");
        line("The machine's busy CPU per timed sign-in, in ms (both nodes, the database and the client; medians of"
                + " the rounds). Where the CPU is the limit, as here, the throughputs follow these:");
        line("");
        line(
                "| existing sessions per user | off | policy on | check only | limiter | policy / off (CPU) | check only / off (CPU) |");
        line("|---:|---:|---:|---:|---:|---:|---:|");
        report.append(cpu);
        line("");
        line("Each user's first sign-in, before the timed ones (the policy then ends the user's surplus among the"
                + " seeded sessions: about a third of them share the new session's device type):");
        line("");
        line("| existing sessions per user | off (sign-ins/s) | policy on | check only | limiter |");
        line("|---:|---:|---:|---:|---:|");
        report.append(first);
        line("");
    }

    /** Unmeasured rounds of every variant, so that the JIT has compiled each one's code before timing. */
    private void warmUp() throws Exception {
        for (int i = 0; i < 3; i++) {
            for (String variant : RUN) {
                round(variant, 10);
            }
        }
    }

    /**
     * One measurement: each user's first sign-in and the timed ones a second, and the machine's busy CPU per timed
     * sign-in in milliseconds (every process: both nodes, the database, the client).
     */
    private record Round(double first, double steady, double cpuMillis) {
        static final Round SKIPPED = new Round(Double.NaN, Double.NaN, Double.NaN);
    }

    /** One field's medians over the rounds, per variant. */
    private record Medians(double off, double policy, double check, double limiter) {
        static Medians of(Map<String, List<Round>> results, ToDoubleFunction<Round> field) {
            return new Medians(
                    median(results.get("off"), field),
                    median(results.get("policy"), field),
                    median(results.get("check"), field),
                    median(results.get("limiter"), field));
        }
    }

    private static List<String> runVariants(String list) {
        List<String> run = new ArrayList<>(List.of("off", "policy"));
        for (String v : list.split(",")) {
            String name = v.trim();
            if (!Arrays.asList(VARIANTS).contains(name)) {
                throw new IllegalArgumentException("bench.variants: unknown variant " + name);
            }
            if (!run.contains(name)) {
                run.add(name);
            }
        }
        return run;
    }

    /**
     * One measurement: fresh users with {@code existing} sessions each; each user signs in once (timed on its
     * own: under the policy, that sign-in ends the seeded surplus of its device type), then the timed sign-ins.
     */
    private Round round(String variant, int existing) throws Exception {
        String client = "limiter".equals(variant) ? LIMITER_CLIENT : POLICY_CLIENT;
        switch (variant) {
            case "policy" -> policy("LogoutFromSameTypeDevices", 1);
            case "check" -> policy("LogoutFromSameTypeDevices", CHECK_ONLY_MAX);
            default -> policy("Disabled", 1);
        }
        List<String> users = users(existing, client);
        long firstStart = System.nanoTime();
        run(users, client, 1);
        double first = users.size() / seconds(firstStart);
        long start = System.nanoTime();
        double cpuBefore = Machine.busyCpuMillis();
        if (JFR_DIR.isEmpty()) {
            run(users, client, SIGN_INS_PER_USER);
        } else {
            ServerProbe probe =
                    ServerProbe.attach(server().home(), Path.of(JFR_DIR)).orElseThrow();
            probe.record(
                    Path.of(JFR_DIR, variant + "-" + existing + "-" + recordings.incrementAndGet() + ".jfr"),
                    JFR_SETTINGS,
                    () -> {
                        run(users, client, SIGN_INS_PER_USER);
                        return null;
                    });
        }
        double steady = users.size() * SIGN_INS_PER_USER / seconds(start);
        return new Round(first, steady, (Machine.busyCpuMillis() - cpuBefore) / (users.size() * SIGN_INS_PER_USER));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private void run(List<String> users, String client, int signInsPerUser) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            List<TestRealm> nodes = cluster().nodes().stream().map(realm()::on).toList();
            int n = 0;
            for (int i = 0; i < signInsPerUser; i++) {
                for (String user : users) {
                    TestRealm on = nodes.get(n++ % nodes.size());
                    done.add(pool.submit(() -> {
                        OAuth.passwordGrantResultFrom(
                                        FROM.isEmpty() ? null : FROM, on, client, SECRET, user, PASSWORD, SCOPE)
                                .tokens();
                        return null;
                    }));
                }
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Creates users with a password and seeds their existing sessions (mixed device types) on {@code client}. */
    private List<String> users(int existing, String client) {
        List<String> names = new ArrayList<>();
        String prefix = "b" + userCounter.incrementAndGet() + "-";
        for (int i = 0; i < USERS; i++) {
            realm().createUser(prefix + i, PASSWORD);
            names.add(prefix + i);
        }
        if (existing > 0) {
            Http.postJson(
                            realm().url() + "/session-seeder/seed?users=" + USERS + "&perUser=" + existing
                                    + "&clientId=" + client + "&prefix=" + prefix,
                            null,
                            null)
                    .requireSuccess("seeding sessions");
        }
        return names;
    }

    private void policy(String mode, int maxPerDeviceType) {
        Http.putJson(
                        realm().adminUrl() + "/session-control/policy",
                        realm().adminToken(),
                        Json.object()
                                .put("mode", mode)
                                .put("maxSessionsPerDeviceType", maxPerDeviceType)
                                .put("action", "TerminateOldest")
                                .put("newSignInEmail", NEW_SIGN_IN_EMAIL && !"Disabled".equals(mode)))
                .requireSuccess("policy");
    }

    /** A copy of the direct-grant flow with the built-in limiter (client limit 1, terminate oldest). */
    private void bindLimiterFlow(String clientUuid) {
        String alias = "direct grant with limiter";
        String path = "/authentication/flows/" + Http.encode(alias).replace("+", "%20");
        realm().adminPost(
                        "/authentication/flows/direct%20grant/copy",
                        Json.object().put("newName", alias))
                .requireSuccess("copying direct grant");
        realm().adminPost(path + "/executions/execution", Json.object().put("provider", "user-session-limits"))
                .requireSuccess("adding the limiter");
        for (JsonNode execution :
                Json.list(realm().adminGet(path + "/executions").json())) {
            if ("user-session-limits".equals(execution.path("providerId").asText())) {
                ((ObjectNode) execution).put("requirement", "REQUIRED");
                realm().adminPut(path + "/executions", execution).requireSuccess("limiter required");
                ObjectNode config = Json.object().put("alias", "one-per-client");
                config.putObject("config")
                        .put("userRealmLimit", "0")
                        .put("userClientLimit", "1")
                        .put("behavior", "Terminate oldest session");
                realm().adminPost(
                                "/authentication/executions/"
                                        + execution.get("id").asText() + "/config",
                                config)
                        .requireSuccess("limiter config");
            }
        }
        String flowId = Json.list(realm().adminGet("/authentication/flows").json()).stream()
                .filter(f -> alias.equals(f.path("alias").asText()))
                .findFirst()
                .orElseThrow()
                .get("id")
                .asText();
        JsonNode rep = realm().adminGet("/clients/" + clientUuid).json();
        ((ObjectNode) rep).putObject("authenticationFlowBindingOverrides").put("direct_grant", flowId);
        realm().adminPut("/clients/" + clientUuid, rep).requireSuccess("binding the limiter flow");
    }

    private static String joined(List<Double> ratios) {
        return String.join(
                " ",
                ratios.stream().map(r -> String.format(Locale.ROOT, "%.2f", r)).toList());
    }

    private static <T> double median(List<T> values, ToDoubleFunction<T> field) {
        double[] sorted = values.stream().mapToDouble(field).sorted().toArray();
        return sorted[sorted.length / 2];
    }

    private void line(String text) {
        report.append(text).append('\n');
    }
}
