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
 * @param allowQueryCredentials     whether a client secret, a client assertion or an access token may come in the
 *                                  URL's query, as older Casdoor SDKs send them
 */
record CasdoorOptions(int maxListedSessions, boolean allowQueryCredentials) {

    static final String MAX_LISTED_SESSIONS = "maxListedSessions";
    static final String ALLOW_QUERY_CREDENTIALS = "allowQueryCredentials";

    static final int DEFAULT_MAX_LISTED_SESSIONS = 10_000;
    static final boolean DEFAULT_ALLOW_QUERY_CREDENTIALS = true;

    static final CasdoorOptions DEFAULTS = new CasdoorOptions(DEFAULT_MAX_LISTED_SESSIONS,
            DEFAULT_ALLOW_QUERY_CREDENTIALS);

    /** Typed and null-safe: a missing option is its default; counts are at least 1. */
    static CasdoorOptions from(Config.Scope config) {
        return new CasdoorOptions(
                Math.max(1, config.getInt(MAX_LISTED_SESSIONS, DEFAULT_MAX_LISTED_SESSIONS)),
                config.getBoolean(ALLOW_QUERY_CREDENTIALS, DEFAULT_ALLOW_QUERY_CREDENTIALS));
    }

    /** Shown in the admin console's provider info, so an operator sees what the server runs with. */
    Map<String, String> operationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put(MAX_LISTED_SESSIONS, Integer.toString(maxListedSessions));
        info.put(ALLOW_QUERY_CREDENTIALS, Boolean.toString(allowQueryCredentials));
        return info;
    }

    static List<ProviderConfigProperty> metadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_LISTED_SESSIONS).type("int").defaultValue(DEFAULT_MAX_LISTED_SESSIONS)
                .helpText("The most live sessions, and registered records, one get-sessions call reads.").add()
                .property().name(ALLOW_QUERY_CREDENTIALS).type("boolean").defaultValue(DEFAULT_ALLOW_QUERY_CREDENTIALS)
                .helpText("Accept clientSecret, client_assertion and access_token in the URL's query, as older"
                        + " Casdoor SDKs send them; false refuses them (URLs end up in access logs and proxies).")
                .add().build();
    }
}
