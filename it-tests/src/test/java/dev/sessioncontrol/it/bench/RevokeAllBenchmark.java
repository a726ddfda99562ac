package dev.sessioncontrol.it.bench;

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
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
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The emergency sign-out at 100,000 and 1,000,000 sessions (-Dbench.revoke.sessions, comma-separated) on PostgreSQL:
 * this extension's {@code revoke-all} against Keycloak's own {@code logout-all}, each in a realm of its own seeded
 * with the same sessions, every session holding a client session of a client with a back-channel logout URL. For
 * each: how long the request took to answer, when every refresh token issued before it (regular and offline) was
 * refused, when the last session was gone from the database, and how many back-channel logouts and {@code LOGOUT}
 * events were delivered. The receiver only counts requests.
 */
@Tag("benchmark")
class RevokeAllBenchmark extends AbstractKeycloakIT {

    /** Sessions per seeded user (-Dbench.revoke.perUser): 1 puts the most users behind a realm admin's cut-off. */
    private static final int PER_USER = Integer.getInteger("bench.revoke.perUser", 50);

    private static final String APP = "app";
    private static final String SECRET = "secret";
    private static final Duration DONE_WITHIN = Duration.ofMinutes(Integer.getInteger("bench.revoke.minutes", 120));
    private static final Duration ANSWER_WITHIN = Duration.ofMinutes(10);

    private enum Variant {
        SESSION_CONTROL("session-control: POST …/session-control/sessions/revoke-all"),
        SESSION_CONTROL_REALM_ADMIN("session-control, called by an admin of the realm itself (users' not-before)"),
        KEYCLOAK("Keycloak: POST /admin/realms/{realm}/logout-all");

        final String label;

        Variant(String label) {
            this.label = label;
        }
    }

    /** @param removed seconds until the last session was gone, or NaN when {@code left} were still there */
    private record Result(
            long sessions,
            Variant variant,
            double answer,
            double cutOff,
            double removed,
            long left,
            double observed,
            long logouts,
            long events) {

        /** Sessions removed per second over the time observed. */
        double rate() {
            return (sessions - left) / (Double.isNaN(removed) ? observed : removed);
        }

        String removedText() {
            return Double.isNaN(removed)
                    ? String.format(Locale.ROOT, "not within %.0f s: %,d left", observed, left)
                    : String.format(Locale.ROOT, "%.1f", removed);
        }
    }

    @Test
    void revokeAllAtScale() throws Exception {
        if (!cluster().topology().postgres()) {
            throw new IllegalStateException(
                    "RevokeAllBenchmark measures PostgreSQL: run it with -Dbench.topology=postgres");
        }
        long[] sizes = Arrays.stream(System.getProperty("bench.revoke.sessions", "100000,1000000")
                        .split(","))
                .map(String::trim)
                .mapToLong(Long::parseLong)
                .toArray();
        KeycloakServer server = cluster().primary();
        PostgresServer postgres = cluster().postgres();
        PostgresSeeder seeder = new PostgresSeeder(postgres);
        List<Result> results = new ArrayList<>();
        try (CountingReceiver receiver = new CountingReceiver()) {
            for (long size : sizes) {
                for (Variant variant : Variant.values()) {
                    results.add(run(server, postgres, seeder, receiver, size, variant));
                }
            }
        }

        StringBuilder report = new StringBuilder();
        report.append("# revoke-all at scale\n\n");
        report.append(Machine.withKeycloakAnd(seeder.version()))
                .append(", one node; ")
                .append(PER_USER)
                .append(" sessions per user;")
                .append(" every session holds a client session of a client with a back-channel logout URL"
                        + " (a local receiver that counts requests).\n\n");
        report.append("| sessions | endpoint | answer (s) | every earlier refresh token refused (s) | all sessions"
                + " removed (s) | removed per second | back-channel logouts delivered | `LOGOUT` events stored |\n");
        report.append("|---:|---|---:|---:|---:|---:|---:|---:|\n");
        for (Result r : results) {
            report.append(String.format(
                    Locale.ROOT,
                    "| %,d | %s | %.2f | %.2f | %s | %,.0f | %,d | %,d |%n",
                    r.sessions(),
                    r.variant().label,
                    r.answer(),
                    r.cutOff(),
                    r.removedText(),
                    r.rate(),
                    r.logouts(),
                    r.events()));
        }
        report.append("\nTimes are from the moment the request was sent. \"Refused\": the last of six refresh tokens"
                + " (three regular, three offline) issued before the request was answered `invalid_grant`, checked"
                + " right after the answer. Removal is observed for at most " + DONE_WITHIN.toMinutes()
                + " minutes (-Dbench.revoke.minutes); back-channel logouts and events are counted when observation"
                + " ends.\n");
        Path out =
                Path.of("target/benchmarks/revoke-all-" + cluster().topology().wire() + ".md");
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
        String name = "revoke-" + variant.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + size;
        TestRealm realm = TestRealm.create(server, name);
        try {
            realm.createClient(ClientSpec.confidential(APP, SECRET)
                    .directAccessGrants(true)
                    .frontchannelLogout(false)
                    .backchannelLogoutUrl(receiver.url()));
            seeder.seed(realm.name(), APP, (int) (size / PER_USER), PER_USER, "r" + size + variant.ordinal() + "-");
            String realmId =
                    postgres.psql(KeycloakCluster.DATABASE, "select id from realm where name = '" + name + "'");
            List<Tokens> earlier = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                realm.createUser("person" + i, "pw");
                earlier.add(OAuth.passwordGrant(realm, APP, SECRET, "person" + i, "pw", UserAgents.OKHTTP));
                earlier.add(OAuth.offlineGrant(realm, APP, SECRET, "person" + i, "pw", UserAgents.OKHTTP));
            }
            String caller = realm.adminToken();
            Tokens operator = null;
            if (variant == Variant.SESSION_CONTROL_REALM_ADMIN) {
                String operatorId = realm.createUser("operator", "pw");
                realm.assignClientRole(operatorId, "realm-management", "manage-users");
                operator = OAuth.passwordGrant(realm, APP, SECRET, "operator", "pw", UserAgents.CURL);
                caller = operator.accessToken();
            }
            // The realm admin's own session stays: not counted among the sessions the call covers.
            long kept = operator == null ? 0 : 1;
            long live = sessionRows(postgres, realmId) - kept;
            receiver.reset();
            System.out.printf(Locale.ROOT, "%s over %,d sessions…%n", variant.label, live);

            long start = System.nanoTime();
            String url = variant == Variant.KEYCLOAK
                    ? realm.adminUrl() + "/logout-all"
                    : realm.adminUrl() + "/session-control/sessions/revoke-all";
            Http.Response answer = Http.send(Http.request(url, caller)
                    .timeout(ANSWER_WITHIN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            double answered = seconds(start);
            answer.requireSuccess(variant.label);
            for (Tokens t : earlier) {
                String error =
                        OAuth.refresh(realm, APP, SECRET, t.refreshToken()).error();
                if (!"invalid_grant".equals(error)) {
                    throw new AssertionError(variant.label + ": an earlier refresh token still works (" + error + ")");
                }
            }
            double cutOff = seconds(start);
            if (operator != null
                    && !OAuth.refresh(realm, APP, SECRET, operator.refreshToken())
                            .ok()) {
                throw new AssertionError(variant.label + ": the caller's own session was cut off");
            }

            // Observed for at most -Dbench.revoke.minutes: a run that takes longer reports how far it got.
            Poll.holdsWithin(DONE_WITHIN, Duration.ofMillis(500), () -> sessionRows(postgres, realmId) == kept);
            long left = sessionRows(postgres, realmId) - kept;
            double observed = seconds(start);
            double removed = left == 0 ? observed : Double.NaN;
            // Once every session is gone, the last logouts are still on their way; before that, the count so far.
            long logouts = left == 0 ? receiver.awaitQuiet(Duration.ofSeconds(5)) : receiver.received();
            long events = Long.parseLong(postgres.psql(
                    KeycloakCluster.DATABASE,
                    "select count(*) from event_entity" + " where realm_id = '" + realmId + "' and type = 'LOGOUT'"));
            Result result = new Result(live, variant, answered, cutOff, removed, left, observed, logouts, events);
            System.out.printf(
                    Locale.ROOT,
                    "%s: answered %.2f s, cut-off %.2f s, removed %s, %.0f sessions/s, %,d" + " logouts, %,d events%n",
                    variant.label,
                    answered,
                    cutOff,
                    result.removedText(),
                    result.rate(),
                    logouts,
                    events);
            return result;
        } finally {
            realm.close();
        }
    }

    private static long sessionRows(PostgresServer postgres, String realmId) {
        return Long.parseLong(postgres.psql(
                KeycloakCluster.DATABASE,
                "select count(*) from offline_user_session where realm_id = '" + realmId + "'"));
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
