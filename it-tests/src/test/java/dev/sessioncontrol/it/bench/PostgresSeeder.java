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
     * within the last minute, sign-in addresses 10.u.i.1, device types Web/Mobile/OAuth in turn and one in a
     * thousand a Tablet, placed in Germany and one in a thousand in Australia), each session holding one client
     * session of {@code clientId}, one in a thousand also one of {@code rareClientId}; with the extension's indexed
     * facts of each session, as a sign-in writes them (unless {@code facts} is false: a server without the extension).
     *
     * @param rareClientId null for none
     * @return the users' ids
     */
    List<String> seed(
            String realmName,
            String clientId,
            String rareClientId,
            int users,
            int perUser,
            String prefix,
            boolean facts) {
        String realmId = postgres.psql(database, "select id from realm where name = '" + realmName + "'");
        String clientUuid = clientUuid(realmId, clientId);
        String rareClientUuid = rareClientId == null ? null : clientUuid(realmId, rareClientId);
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
                    "select sid, uid, u, i, g,"
                            + " case when g %% 1000 = 7 then 'Tablet' else (array['Web','Mobile','OAuth'])[(u + i) %% 3 + 1]"
                            + " end as dtype,"
                            + " case when g %% 1000 = 3 then 'AU|-33.9|151.2|en=Sydney' else 'DE|52.5|13.4|en=Berlin'"
                            + " end as place from (select md5('%1$s' || g) as sid, '%1$s' || (g / %2$d) as uid,"
                            + " g / %2$d as u, g %% %2$d as i, g from generate_series(%3$d, %4$d) g) r",
                    prefix,
                    perUser,
                    from,
                    to);
            String sessionRows = String.format(
                    Locale.ROOT,
                    "insert into offline_user_session (user_session_id, user_id, realm_id, created_on, offline_flag,"
                            + " data, last_session_refresh, broker_session_id, version, remember_me)"
                            + " select sid, uid, '%1$s', %2$d - (g %% 3000), '0',"
                            + " '{\"ipAddress\":\"10.' || (u %% 250) || '.' || (i %% 250) || '.1\",\"authMethod\":"
                            + "\"openid-connect\",\"rememberMe\":false,\"started\":0,\"notes\":{\"session-control.device-type\""
                            + ":\"' || dtype || '\",\"session-control.place\":\"' || place || '\"},"
                            + "\"state\":\"LOGGED_IN\"}',"
                            + " %2$d - (g %% 60), null, 0, false from (%3$s) s",
                    realmId,
                    now,
                    rows);
            String factRows = String.format(
                    Locale.ROOT,
                    "insert into sc_session_fact (session_id, offline_flag, realm_id, created_on, device_type,"
                            + " ip_hex, country) select sid, '0', '%1$s', %2$d - (g %% 3000), dtype,"
                            + " '00000000000000000000ffff0a' || lpad(to_hex(u %% 250), 2, '0')"
                            + " || lpad(to_hex(i %% 250), 2, '0') || '01', substr(place, 1, 2) from (%3$s) s",
                    realmId,
                    now,
                    rows);
            // One transaction (psql runs one -c as one): the extension's background pass never sees a session of
            // these without its facts, and so never writes them too.
            postgres.psql(database, facts ? sessionRows + "; " + factRows : sessionRows);
            postgres.psql(database, clientSessions(clientUuid, realmId, now, rows));
            if (rareClientUuid != null) {
                postgres.psql(database, clientSessions(rareClientUuid, realmId, now, rows + " where g % 1000 = 5"));
            }
        }
        // As autovacuum would soon: statistics for the planner, and a visibility map for index-only scans.
        postgres.psql(database, "vacuum analyze offline_user_session");
        postgres.psql(database, "vacuum analyze offline_client_session");
        if (facts) {
            postgres.psql(database, "vacuum analyze sc_session_fact");
        }
        postgres.psql(database, "vacuum analyze user_entity");
        List<String> ids = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            ids.add(prefix + u);
        }
        return ids;
    }

    /** As {@link #seed(String, String, String, int, int, String, boolean)}, one client, with the facts. */
    List<String> seed(String realmName, String clientId, int users, int perUser, String prefix) {
        return seed(realmName, clientId, null, users, perUser, prefix, true);
    }

    private String clientUuid(String realmId, String clientId) {
        return postgres.psql(
                database,
                "select id from client where realm_id = '" + realmId + "' and client_id = '" + clientId + "'");
    }

    private static String clientSessions(String clientUuid, String realmId, long now, String rows) {
        return String.format(
                Locale.ROOT,
                "insert into offline_client_session (user_session_id, client_id, offline_flag, timestamp, data,"
                        + " client_storage_provider, external_client_id, version, realm_id)"
                        + " select sid, '%1$s', '0', %2$d, '{\"authMethod\":\"openid-connect\",\"notes\":{\"clientId\":"
                        + "\"%1$s\"}}', 'local', 'local', 0, '%3$s' from (%4$s) s",
                clientUuid,
                now,
                realmId,
                rows);
    }

    /** "PostgreSQL 15.18" of the run's server. */
    String version() {
        return "PostgreSQL " + postgres.psql(database, "show server_version").split(" ")[0];
    }
}
