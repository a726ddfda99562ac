package dev.sessioncontrol.it.bench;

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.KeycloakCluster;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.PostgresServer;
import dev.sessioncontrol.it.support.TestRealm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the first start with the extension costs on a session table that already holds many rows (PostgreSQL;
 * -Dbench.migration.sessions, default 1,000,000): a stock Keycloak on its own database gets the sessions, then the
 * extension's jar is added and the server built and started (Liquibase creates the two listing indexes), then
 * started once more. The index builds are also timed on their own, plain and CONCURRENTLY.
 */
@Tag("benchmark")
class MigrationBenchmark extends AbstractKeycloakIT {

    private static final int SESSIONS = Integer.getInteger("bench.migration.sessions", 1_000_000);
    private static final int PER_USER = 50;
    private static final String NAME = "migration";

    @Test
    void firstStartOnALargeSessionTable() throws Exception {
        if (!cluster().topology().postgres()) {
            throw new IllegalStateException(
                    "MigrationBenchmark measures PostgreSQL: run it with -Dbench.topology=postgres");
        }
        PostgresServer postgres = cluster().postgres();
        String database = KeycloakCluster.extraDatabase(NAME);
        KeycloakServer stock = cluster().startExtra(NAME, false);
        TestRealm realm = TestRealm.create(stock, "migration-realm");
        realm.createClient(ClientSpec.publicClient("web"));
        PostgresSeeder seeder = new PostgresSeeder(postgres, database);
        long seeding = System.nanoTime();
        seeder.seed(realm.name(), "web", null, SESSIONS / PER_USER, PER_USER, "m-", false);
        double seedSeconds = (System.nanoTime() - seeding) / 1e9;
        long rows = Long.parseLong(postgres.psql(database, "select count(*) from offline_user_session"));

        stock.restart();
        double stockStart = stock.lastStartSeconds();
        double build = cluster().addExtensionTo(stock);
        stock.startAgain();
        double firstStart = stock.lastStartSeconds();
        // The sessions' indexed facts are written by the background pass after the start, not by Liquibase.
        long factsFrom = System.nanoTime();
        Poll.until(
                "every session has its indexed facts",
                Duration.ofMinutes(30),
                Duration.ofSeconds(2),
                () -> Long.parseLong(postgres.psql(database, "select count(*) from sc_session_fact")) >= rows);
        double factsSeconds = (System.nanoTime() - factsFrom) / 1e9;
        stock.restart();
        double nextStart = stock.lastStartSeconds();
        String indexes = postgres.psql(
                database,
                "select string_agg(indexname, ', ' order by indexname) from pg_indexes"
                        + " where tablename in ('offline_user_session', 'sc_session_fact')"
                        + " and indexname like 'sc_idx_%'");
        String sizes = postgres.psql(
                database,
                "select pg_size_pretty(pg_table_size('offline_user_session')) || '|'"
                        + " || pg_size_pretty(pg_indexes_size('offline_user_session')) || '|' || pg_size_pretty("
                        + "pg_relation_size('sc_idx_uss_start_key') + pg_relation_size('sc_idx_uss_access_key'))"
                        + " || '|' || pg_size_pretty(pg_total_relation_size('sc_session_fact'))");
        stock.stop();

        // The same index builds alone, as an operator would run them beforehand: plain (blocks writes) and
        // CONCURRENTLY (does not).
        String columns = "(realm_id, created_on, user_session_id, offline_flag, last_session_refresh, user_id)";
        postgres.psql(database, "drop index if exists sc_idx_uss_start_key");
        double plain = timed(
                () -> postgres.psql(database, "create index sc_idx_uss_start_key on offline_user_session " + columns));
        postgres.psql(database, "drop index sc_idx_uss_start_key");
        double concurrently = timed(() -> postgres.psql(
                database, "create index concurrently sc_idx_uss_start_key on offline_user_session " + columns));

        StringBuilder report = new StringBuilder();
        report.append("# First start with the extension on a large session table\n\n");
        report.append(Machine.withKeycloakAnd(seeder.version()))
                .append(" (default settings), one node, local caches, nothing else running.\n\n");
        report.append(String.format(
                Locale.ROOT,
                "%,d online sessions in `OFFLINE_USER_SESSION` (%,d users; seeded with" + " SQL in %.0f s).%n%n",
                rows,
                SESSIONS / PER_USER,
                seedSeconds));
        report.append("| step | seconds |\n|---|---:|\n");
        report.append(String.format(
                Locale.ROOT, "| start of the stock server (no extension), to ready | %.1f |%n", stockStart));
        report.append(String.format(Locale.ROOT, "| `kc.sh build` with the extension's jar added | %.1f |%n", build));
        report.append(String.format(
                Locale.ROOT,
                "| first start with the extension, to ready (Liquibase builds %s) |" + " %.1f |%n",
                indexes,
                firstStart));
        report.append(String.format(
                Locale.ROOT,
                "| after it: every session's indexed facts written by the background pass (the server serving) |"
                        + " %.1f |%n",
                factsSeconds));
        report.append(String.format(Locale.ROOT, "| next start with the extension, to ready | %.1f |%n", nextStart));
        report.append(String.format(
                Locale.ROOT,
                "| one of the two indexes alone: `CREATE INDEX` (blocks writes to the" + " table meanwhile) | %.1f |%n",
                plain));
        report.append(String.format(
                Locale.ROOT, "| the same: `CREATE INDEX CONCURRENTLY` (writes go on) | %.1f |%n", concurrently));
        String[] size = sizes.split("\\|");
        report.append(String.format(
                Locale.ROOT,
                "%nSizes after the first start: the table %s, all its indexes %s, of"
                        + " which the extension's two %s; the indexed facts with their indexes %s.%n%n",
                size[0],
                size[1],
                size[2],
                size[3]));
        Path out = Path.of("target/benchmarks/migration.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
    }

    private static double timed(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return (System.nanoTime() - started) / 1e9;
    }
}
