package dev.sessioncontrol.keycloak.casdoor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.Config;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * The server options of the Casdoor-compatible API, read once at start-up from the {@code casdoor} provider's
 * scope: {@code --spi-realm-restapi-extension--casdoor--<option>=<value>}, e.g.
 * {@code --spi-realm-restapi-extension--casdoor--allow-query-credentials=false}. Declared here with their
 * defaults; nothing else names them.
 *
 * @param maxListedSessions         the most live sessions, and registered records, one get-sessions call reads
 * @param maxRecordsPerApplication  the most registered records one application (client) of a realm may hold
 * @param unknownNameRecordSeconds  age after which a registered record whose name is no user of the realm is removed
 * @param cleanupIntervalSeconds    how often one node of the cluster looks for such records
 * @param allowQueryCredentials     whether a client secret, a client assertion or an access token may come in the
 *                                  URL's query, as older Casdoor SDKs send them
 */
record CasdoorOptions(
        int maxListedSessions,
        int maxRecordsPerApplication,
        long unknownNameRecordSeconds,
        long cleanupIntervalSeconds,
        boolean allowQueryCredentials) {

    static final String MAX_LISTED_SESSIONS = "maxListedSessions";
    static final String MAX_RECORDS_PER_APPLICATION = "maxRecordsPerApplication";
    static final String UNKNOWN_NAME_RECORD_SECONDS = "unknownNameRecordSeconds";
    static final String CLEANUP_INTERVAL_SECONDS = "cleanupIntervalSeconds";
    static final String ALLOW_QUERY_CREDENTIALS = "allowQueryCredentials";

    static final int DEFAULT_MAX_LISTED_SESSIONS = 10_000;
    static final int DEFAULT_MAX_RECORDS_PER_APPLICATION = 10_000;
    /** One day: enough for an application to register ids for a user before that user's first sign-in. */
    static final long DEFAULT_UNKNOWN_NAME_RECORD_SECONDS = 24 * 60 * 60;

    static final long DEFAULT_CLEANUP_INTERVAL_SECONDS = 60 * 60;
    static final boolean DEFAULT_ALLOW_QUERY_CREDENTIALS = true;

    static final CasdoorOptions DEFAULTS = new CasdoorOptions(
            DEFAULT_MAX_LISTED_SESSIONS,
            DEFAULT_MAX_RECORDS_PER_APPLICATION,
            DEFAULT_UNKNOWN_NAME_RECORD_SECONDS,
            DEFAULT_CLEANUP_INTERVAL_SECONDS,
            DEFAULT_ALLOW_QUERY_CREDENTIALS);

    /** Typed and null-safe: a missing option is its default; counts and times are at least 1. */
    static CasdoorOptions from(Config.Scope config) {
        return new CasdoorOptions(
                Math.max(1, config.getInt(MAX_LISTED_SESSIONS, DEFAULT_MAX_LISTED_SESSIONS)),
                Math.max(1, config.getInt(MAX_RECORDS_PER_APPLICATION, DEFAULT_MAX_RECORDS_PER_APPLICATION)),
                Math.max(1, config.getLong(UNKNOWN_NAME_RECORD_SECONDS, DEFAULT_UNKNOWN_NAME_RECORD_SECONDS)),
                Math.max(1, config.getLong(CLEANUP_INTERVAL_SECONDS, DEFAULT_CLEANUP_INTERVAL_SECONDS)),
                config.getBoolean(ALLOW_QUERY_CREDENTIALS, DEFAULT_ALLOW_QUERY_CREDENTIALS));
    }

    /** Shown in the admin console's provider info, so an operator sees what the server runs with. */
    Map<String, String> operationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(MAX_LISTED_SESSIONS, Integer.toString(maxListedSessions));
        info.put(MAX_RECORDS_PER_APPLICATION, Integer.toString(maxRecordsPerApplication));
        info.put(UNKNOWN_NAME_RECORD_SECONDS, Long.toString(unknownNameRecordSeconds));
        info.put(CLEANUP_INTERVAL_SECONDS, Long.toString(cleanupIntervalSeconds));
        info.put(ALLOW_QUERY_CREDENTIALS, Boolean.toString(allowQueryCredentials));
        return info;
    }

    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property()
                .name(MAX_LISTED_SESSIONS)
                .type("int")
                .defaultValue(DEFAULT_MAX_LISTED_SESSIONS)
                .helpText("The most live sessions, and registered records, one get-sessions call reads.")
                .add()
                .property()
                .name(MAX_RECORDS_PER_APPLICATION)
                .type("int")
                .defaultValue(DEFAULT_MAX_RECORDS_PER_APPLICATION)
                .helpText("The most records one application (client) may register in a realm; a new record beyond"
                        + " it is refused.")
                .add()
                .property()
                .name(UNKNOWN_NAME_RECORD_SECONDS)
                .type("long")
                .defaultValue(DEFAULT_UNKNOWN_NAME_RECORD_SECONDS)
                .helpText("Seconds after its registration when a record whose name is no user of the realm is"
                        + " removed.")
                .add()
                .property()
                .name(CLEANUP_INTERVAL_SECONDS)
                .type("long")
                .defaultValue(DEFAULT_CLEANUP_INTERVAL_SECONDS)
                .helpText("Seconds between two looks, on one node of the cluster, for such records.")
                .add()
                .property()
                .name(ALLOW_QUERY_CREDENTIALS)
                .type("boolean")
                .defaultValue(DEFAULT_ALLOW_QUERY_CREDENTIALS)
                .helpText("Accept clientSecret, client_assertion and access_token in the URL's query, as older"
                        + " Casdoor SDKs send them; false refuses them (URLs end up in access logs and proxies).")
                .add()
                .build();
    }
}
