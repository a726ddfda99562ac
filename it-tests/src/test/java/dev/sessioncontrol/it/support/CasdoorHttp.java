package dev.sessioncontrol.it.support;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * The Casdoor-compatible routes over plain HTTP, authenticated as Casdoor's SDKs do (HTTP Basic with a client's id
 * and secret) or with a user's bearer token; bodies go as {@code text/plain;charset=UTF-8}, as the Java SDK sends.
 */
public final class CasdoorHttp {

    /** Casdoor's wording for any failed client authentication. */
    public static final String INVALID_CLIENT = "Invalid client or Invalid client credentials";

    private final TestRealm realm;
    private final String authorization;

    private CasdoorHttp(TestRealm realm, String authorization) {
        this.realm = realm;
        this.authorization = authorization;
    }

    public static CasdoorHttp client(TestRealm realm, String clientId, String secret) {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return new CasdoorHttp(realm, "Basic " + basic);
    }

    public static CasdoorHttp bearer(TestRealm realm, String accessToken) {
        return new CasdoorHttp(realm, "Bearer " + accessToken);
    }

    public static CasdoorHttp anonymous(TestRealm realm) {
        return new CasdoorHttp(realm, null);
    }

    public static String endpoint(TestRealm realm) {
        return realm.url() + "/casdoor";
    }

    /** GET {@code /api/<action>?<query>}; query values are encoded here. */
    public Http.Response get(String action, Map<String, String> query) {
        return Http.send(request(action, query).GET());
    }

    public Http.Response post(String action, Map<String, String> query, String body) {
        return Http.send(request(action, query)
                .header("Content-Type", "text/plain;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public static String body(String owner, String name, String application, String... sessionIds) {
        StringBuilder ids = new StringBuilder();
        for (String id : sessionIds) {
            ids.append(ids.length() == 0 ? "" : ",").append('"').append(id).append('"');
        }
        return "{\"owner\":\"" + owner + "\",\"name\":\"" + name + "\",\"application\":\"" + application
                + "\",\"createdTime\":\"\",\"sessionId\":[" + ids + "]}";
    }

    private HttpRequest.Builder request(String action, Map<String, String> query) {
        String url = endpoint(realm) + "/api/" + action + (query.isEmpty() ? "" : "?" + Http.formEncode(query));
        HttpRequest.Builder builder = Http.request(url, null);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }
}
