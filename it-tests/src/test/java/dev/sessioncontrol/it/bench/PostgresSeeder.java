package dev.sessioncontrol.it.bench;

import dev.sessioncontrol.it.support.KeycloakCluster;
import dev.sessioncontrol.it.support.PostgresServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Seeds a million sessions in seconds: rows written straight into Keycloak's tables with SQL, shaped exactly as
 * Keycloak 26.7 writes them (the {@code DATA} JSON of a persisted online session and client session, the device
 * type note of this extension), for users inserted alongside. Keycloak reads them as it reads its own (its caches
 * load sessions and users from the database on a miss). Creating them through Keycloak, as the HTTP seeder does on
 * H2, takes about a minute per 100,000 here. Benchmarks only.
 */
final class PostgresSeeder {

    private static final int SESSIONS_PER_STATEMENT = 200_000;

    private final PostgresServer postgres;
    private final String database;

    PostgresSeeder(PostgresServer postgres) {
        this(postgres, KeycloakCluster.DATABASE);
    }

    PostgresSeeder(PostgresServer postgres, String database) {
        this.postgres = postgres;
        this.database = database;
    }

    /**
     * Users {@code prefix0..} with {@code perUser} live online sessions each (started within the last hour, used
     * within the last minute, sign-in addresses 10.u.i.1, device types Web/Mobile/OAuth in turn), each session
     * holding one client session of {@code clientId}.
     *
     * @return the users' ids
     */
    List<String> seed(String realmName, String clientId, int users, int perUser, String prefix) {
        String realmId = postgres.psql(database, "select id from realm where name = '" + realmName + "'");
        String clientUuid = postgres.psql(
                database,
                "select id from client where realm_id = '" + realmId + "' and client_id = '" + clientId + "'");
        long now = System.currentTimeMillis() / 1000;
        postgres.psql(
                database,
                String.format(
                        Locale.ROOT,
                        "insert into user_entity (id, email_constraint, email_verified, enabled, realm_id, username,"
                                + " created_timestamp, not_before)"
                                + " select '%1$s' || u, '%1$s' || u, false, true, '%2$s', '%1$s' || u, %3$d, 0"
                                + " from generate_series(0, %4$d) u",
                        prefix,
                        realmId,
                        now * 1000,
                        users - 1));
        long sessions = (long) users * perUser;
        for (long from = 0; from < sessions; from += SESSIONS_PER_STATEMENT) {
            long to = Math.min(sessions, from + SESSIONS_PER_STATEMENT) - 1;
            String rows = String.format(
                    Locale.ROOT,
                    "select md5('%1$s' || g) as sid, '%1$s' || (g / %2$d) as uid, g / %2$d as u, g %% %2$d as i, g"
                            + " from generate_series(%3$d, %4$d) g",
                    prefix,
                    perUser,
                    from,
                    to);
            postgres.psql(
                    database,
                    String.format(
                            Locale.ROOT,
                            "insert into offline_user_session (user_session_id, user_id, realm_id, created_on, offline_flag,"
                                    + " data, last_session_refresh, broker_session_id, version, remember_me)"
                                    + " select sid, uid, '%1$s', %2$d - (g %% 3000), '0',"
                                    + " '{\"ipAddress\":\"10.' || (u %% 250) || '.' || (i %% 250) || '.1\",\"authMethod\":"
                                    + "\"openid-connect\",\"rememberMe\":false,\"started\":0,\"notes\":{\"session-control.device-type\""
                                    + ":\"' || (array['Web','Mobile','OAuth'])[(u + i) %% 3 + 1] || '\"},\"state\":\"LOGGED_IN\"}',"
                                    + " %2$d - (g %% 60), null, 0, false from (%3$s) s",
                            realmId,
                            now,
                            rows));
            postgres.psql(
                    database,
                    String.format(
                            Locale.ROOT,
                            "insert into offline_client_session (user_session_id, client_id, offline_flag, timestamp, data,"
                                    + " client_storage_provider, external_client_id, version, realm_id)"
                                    + " select sid, '%1$s', '0', %2$d, '{\"authMethod\":\"openid-connect\",\"notes\":{\"clientId\":"
                                    + "\"%1$s\"}}', 'local', 'local', 0, '%3$s' from (%4$s) s",
                            clientUuid,
                            now,
                            realmId,
                            rows));
        }
        // As autovacuum would soon: statistics for the planner, and a visibility map for index-only scans.
        postgres.psql(database, "vacuum analyze offline_user_session");
        postgres.psql(database, "vacuum analyze offline_client_session");
        postgres.psql(database, "vacuum analyze user_entity");
        List<String> ids = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            ids.add(prefix + u);
        }
        return ids;
    }

    /** The plan and timing of the listing's first page filtered by an IP prefix, as the extension queries it. */
    String explainIpPrefixPage(String realmName, String prefix) {
        String realmId = postgres.psql(database, "select id from realm where name = '" + realmName + "'");
        long cut = System.currentTimeMillis() / 1000 - 86_400;
        long offlineCut = System.currentTimeMillis() / 1000 - 30L * 86_400;
        return postgres.psql(
                database,
                "explain (analyze, buffers) select s.user_session_id, s.offline_flag"
                        + " from offline_user_session s where s.realm_id = '" + realmId + "'"
                        + " and ((s.offline_flag = '0' and s.last_session_refresh >= " + cut + " and s.created_on >= "
                        + cut
                        + ") or (s.offline_flag = '1' and s.last_session_refresh >= " + offlineCut + "))"
                        + " and (s.data like '%\"ipAddress\":\"" + prefix + "%' escape '!'"
                        + " or s.data like '%\"session-control.last-ip\":\"" + prefix + "%' escape '!')"
                        + " order by s.realm_id desc, s.created_on desc, s.last_session_refresh desc,"
                        + " s.user_session_id desc, s.offline_flag desc limit 20");
    }

    /** "PostgreSQL 15.18" of the run's server. */
    String version() {
        return "PostgreSQL " + postgres.psql(database, "show server_version").split(" ")[0];
    }
}
