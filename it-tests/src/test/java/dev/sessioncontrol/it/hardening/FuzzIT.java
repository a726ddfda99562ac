package dev.sessioncontrol.it.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every route, native and Casdoor, fed input nobody should send: oversized, empty, unicode and control-character
 * values in every parameter and body field, wrong JSON types, missing fields, malformed bodies, wrong content types,
 * repeated parameters. Every answer is a 4xx with a message (native routes), or Casdoor's envelope (Casdoor routes),
 * or a 2xx where the input is merely unusual; never a 5xx. A canary session of another user is alive at the end, and
 * the server's log has no stack trace from any of it. New routes join {@link #ROUTES}.
 */
@Tag("both")
class FuzzIT extends AbstractKeycloakIT {

    private static final String APP = "fuzz-app";
    private static final String SECRET = "fuzz-secret";

    /** Who calls a route. */
    enum Caller {
        ADMIN,
        USER,
        APP,
        NONE
    }

    /** How a route answers a refusal. */
    enum Style {
        NATIVE,
        CASDOOR
    }

    /**
     * One route: method, path under the server (with {@code {realm}}; {@code {id}} is a fuzzed path segment), its
     * query parameters, and for a body route the JSON fields of a well-formed body.
     */
    record Route(
            String method, String path, Caller caller, Style style, List<String> query, Map<String, Object> body) {}

    private static final Map<String, Object> SESSION_BODY = orderedMap(
            "owner", "{realm}", "name", "fuzzer", "application", APP, "createdTime", "", "sessionId", List.of("x"));

    /** The table: every route of the extension. revoke-all is fuzzed with callers that may not call it. */
    static final List<Route> ROUTES = List.of(
            new Route(
                    "GET",
                    "/admin/realms/{realm}/session-control/sessions",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of(
                            "search",
                            "userId",
                            "clientId",
                            "deviceType",
                            "ip",
                            "type",
                            "startedAfter",
                            "startedBefore",
                            "first",
                            "max",
                            "sort"),
                    null),
            new Route(
                    "GET",
                    "/admin/realms/{realm}/session-control/sessions/count",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of(
                            "search",
                            "userId",
                            "clientId",
                            "deviceType",
                            "ip",
                            "type",
                            "startedAfter",
                            "startedBefore"),
                    null),
            new Route(
                    "GET",
                    "/admin/realms/{realm}/session-control/sessions/{id}",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of(),
                    null),
            new Route(
                    "DELETE",
                    "/admin/realms/{realm}/session-control/sessions/{id}",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of(),
                    null),
            new Route(
                    "GET",
                    "/admin/realms/{realm}/session-control/users/{id}/sessions",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of("first", "max", "type"),
                    null),
            new Route(
                    "DELETE",
                    "/admin/realms/{realm}/session-control/users/{id}/sessions",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of(),
                    null),
            new Route(
                    "POST",
                    "/admin/realms/{realm}/session-control/users/{id}/incident-response",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of(),
                    orderedMap("requirePasswordUpdate", true, "notifyUser", true)),
            new Route(
                    "GET",
                    "/admin/realms/{realm}/session-control/jobs/{id}",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of(),
                    null),
            new Route(
                    "GET",
                    "/admin/realms/{realm}/session-control/stats",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of("type"),
                    null),
            new Route(
                    "GET",
                    "/admin/realms/{realm}/session-control/history",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of("userId", "reason", "first", "max"),
                    null),
            new Route(
                    "GET", "/admin/realms/{realm}/session-control/policy", Caller.ADMIN, Style.NATIVE, List.of(), null),
            new Route(
                    "PUT",
                    "/admin/realms/{realm}/session-control/policy",
                    Caller.ADMIN,
                    Style.NATIVE,
                    List.of(),
                    orderedMap(
                            "mode",
                            "Disabled",
                            "maxSessionsPerDeviceType",
                            1,
                            "action",
                            "TerminateOldest",
                            "exemptRole",
                            null,
                            "deviceTypeFromUserAgent",
                            false,
                            "excessiveSessionThreshold",
                            5,
                            "newSignInEmail",
                            false)),
            new Route(
                    "POST",
                    "/admin/realms/{realm}/session-control/sessions/revoke-all",
                    Caller.USER,
                    Style.NATIVE,
                    List.of(),
                    null),
            new Route(
                    "POST",
                    "/admin/realms/{realm}/session-control/sessions/revoke-all",
                    Caller.NONE,
                    Style.NATIVE,
                    List.of(),
                    null),
            new Route(
                    "GET",
                    "/realms/{realm}/session-control/account/sessions",
                    Caller.USER,
                    Style.NATIVE,
                    List.of("first", "max"),
                    null),
            new Route(
                    "GET",
                    "/realms/{realm}/session-control/account/history",
                    Caller.USER,
                    Style.NATIVE,
                    List.of("first", "max"),
                    null),
            new Route(
                    "DELETE",
                    "/realms/{realm}/session-control/account/sessions/{id}",
                    Caller.USER,
                    Style.NATIVE,
                    List.of(),
                    null),
            new Route(
                    "GET",
                    "/realms/{realm}/session-control/account/sessions",
                    Caller.NONE,
                    Style.NATIVE,
                    List.of(),
                    null),
            new Route(
                    "GET",
                    "/realms/{realm}/casdoor/api/get-sessions",
                    Caller.APP,
                    Style.CASDOOR,
                    List.of("owner", "p", "pageSize", "field", "value", "sortField", "sortOrder"),
                    null),
            new Route(
                    "GET",
                    "/realms/{realm}/casdoor/api/get-session",
                    Caller.APP,
                    Style.CASDOOR,
                    List.of("sessionPkId"),
                    null),
            new Route(
                    "GET",
                    "/realms/{realm}/casdoor/api/is-session-duplicated",
                    Caller.APP,
                    Style.CASDOOR,
                    List.of("sessionPkId", "sessionId"),
                    null),
            new Route(
                    "POST",
                    "/realms/{realm}/casdoor/api/add-session",
                    Caller.APP,
                    Style.CASDOOR,
                    List.of(),
                    SESSION_BODY),
            new Route(
                    "POST",
                    "/realms/{realm}/casdoor/api/update-session",
                    Caller.APP,
                    Style.CASDOOR,
                    List.of(),
                    SESSION_BODY),
            new Route(
                    "POST",
                    "/realms/{realm}/casdoor/api/delete-session",
                    Caller.APP,
                    Style.CASDOOR,
                    List.of("sessionId"),
                    SESSION_BODY),
            new Route(
                    "GET",
                    "/realms/{realm}/casdoor/api/sso-logout",
                    Caller.NONE,
                    Style.CASDOOR,
                    List.of("logoutAll", "access_token"),
                    null),
            new Route(
                    "POST",
                    "/realms/{realm}/casdoor/api/sso-logout",
                    Caller.NONE,
                    Style.CASDOOR,
                    List.of("logoutAll", "access_token"),
                    null),
            new Route(
                    "GET",
                    "/realms/{realm}/casdoor/api/get-sessions",
                    Caller.NONE,
                    Style.CASDOOR,
                    List.of("clientId", "clientSecret", "client_assertion", "client_assertion_type", "access_token"),
                    null),
            // A user's token on the Casdoor routes: checked as the account API checks it, per route.
            new Route(
                    "GET",
                    "/realms/{realm}/casdoor/api/get-sessions",
                    Caller.USER,
                    Style.CASDOOR,
                    List.of("owner", "p", "pageSize", "field", "value", "sortField", "sortOrder"),
                    null),
            new Route(
                    "GET",
                    "/realms/{realm}/casdoor/api/get-session",
                    Caller.USER,
                    Style.CASDOOR,
                    List.of("sessionPkId"),
                    null),
            new Route(
                    "POST",
                    "/realms/{realm}/casdoor/api/add-session",
                    Caller.USER,
                    Style.CASDOOR,
                    List.of(),
                    SESSION_BODY),
            new Route(
                    "POST",
                    "/realms/{realm}/casdoor/api/delete-session",
                    Caller.USER,
                    Style.CASDOOR,
                    List.of("sessionId"),
                    SESSION_BODY),
            new Route(
                    "POST",
                    "/realms/{realm}/casdoor/api/sso-logout",
                    Caller.USER,
                    Style.CASDOOR,
                    List.of("logoutAll", "access_token"),
                    null));

    /** Values for every parameter, path segment and body string. */
    static final List<String> VALUES = List.of(
            "",
            " ",
            "x".repeat(300),
            "y".repeat(5_000),
            "\u0000",
            "a\u0001\u001fb",
            "\u00fc\ud834\udd1e\u6f22\u5b57",
            "../../etc/passwd",
            "%00",
            "' OR 1=1 --",
            "-1",
            "0",
            "2000000000",
            "99999999999",
            "1e3",
            "null",
            "true",
            "[]",
            "{}",
            "<script>",
            "a/b/c",
            "realm/name/app/extra");

    /** Replacements for one body field: wrong JSON types and bad strings. */
    static final List<Object> FIELD_VALUES = List.of(
            7,
            -1,
            1.5,
            true,
            List.of(),
            List.of(1, 2),
            Map.of("a", 1),
            "x".repeat(300),
            "\u0000",
            "\u00fc\ud834\udd1e",
            List.of("x".repeat(300)),
            "Sometimes");

    /** Whole bodies. */
    static final List<String> BODIES = List.of(
            "",
            " ",
            "{",
            "[]",
            "null",
            "7",
            "\"text\"",
            "{}",
            "{\"a\":",
            "not json",
            "{\"owner\":{\"$gt\":\"\"}}",
            "x".repeat(100_000));

    static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x");

    private Tokens fuzzer;
    private static Tokens canary;
    private static String canaryUserId;
    private final List<String> failures = new ArrayList<>();

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.createClient(
                ClientSpec.confidential(APP, SECRET).directAccessGrants(true).casdoorApi());
        realm.createUser("fuzzer", "pw");
        canaryUserId = realm.createUser("canary", "pw");
        canary = OAuth.passwordGrant(realm, APP, SECRET, "canary", "pw", UserAgents.CHROME_DESKTOP);
        OAuth.passwordGrant(realm, APP, SECRET, "fuzzer", "pw", UserAgents.OKHTTP);
    }

    @Test
    void noInputMakesAnyRouteFailOrEndsAnotherUsersSession() throws IOException {
        KeycloakServer server = realm().server();
        long logBefore = Files.size(server.logFile());
        int requests = 0;
        for (Route route : ROUTES) {
            requests += fuzz(route);
        }
        failures.forEach(f -> System.out.println("FuzzIT: " + f));
        assertTrue(
                failures.isEmpty(),
                failures.size() + " of " + requests + " answers were wrong, e.g.:\n"
                        + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));

        // The canary lives: its session is there and its refresh token works.
        assertEquals(1, realm().userSessions(canaryUserId).size(), "the canary's session");
        assertNull(OAuth.refresh(realm(), APP, SECRET, canary.refreshToken()).error(), "the canary refreshes");

        String log =
                Files.readString(server.logFile()).substring((int) Math.min(logBefore, Files.size(server.logFile())));
        List<String> traces = log.lines()
                .filter(l -> l.startsWith("\tat ") || l.contains("Exception:"))
                .limit(20)
                .toList();
        assertTrue(traces.isEmpty(), "stack traces in the server log:\n" + String.join("\n", traces));
        System.out.printf("FuzzIT: %,d requests over %d routes%n", requests, ROUTES.size());
    }

    private int fuzz(Route route) {
        // A fresh token per route: the fuzzer may have ended its own sessions on the way (sso-logout, delete-session).
        fuzzer = OAuth.passwordGrant(realm(), APP, SECRET, "fuzzer", "pw", UserAgents.CHROME_DESKTOP);
        int n = 0;
        // Path segments.
        if (route.path().contains("{id}")) {
            for (String value : VALUES) {
                if (value.isEmpty() || value.contains("/")) {
                    continue; // another route, or none
                }
                n += check(route, pathWith(route, value), Map.of(), null, null);
            }
        }
        String path = pathWith(route, "no-such-id");
        // Each query parameter alone, with each value; then repeated.
        for (String parameter : route.query()) {
            for (String value : VALUES) {
                n += check(route, path, Map.of(parameter, value), null, null);
            }
            n += check(
                    route,
                    path + "?" + Http.encode(parameter) + "=1&" + Http.encode(parameter) + "=2",
                    Map.of(),
                    null,
                    null);
        }
        if (route.body() != null || !route.method().equals("GET")) {
            // Whole bodies, each with each content type.
            for (String body : BODIES) {
                for (String type : CONTENT_TYPES) {
                    n += check(route, path, Map.of(), body, type);
                }
            }
        }
        if (route.body() != null) {
            // Each field missing, and each field with each wrong value.
            for (String field : route.body().keySet()) {
                Map<String, Object> missing = new LinkedHashMap<>(withRealm(route.body()));
                missing.remove(field);
                n += check(route, path, Map.of(), Json.write(missing), "application/json");
                for (Object value : FIELD_VALUES) {
                    Map<String, Object> changed = new LinkedHashMap<>(withRealm(route.body()));
                    changed.put(field, value);
                    n += check(route, path, Map.of(), Json.write(changed), "application/json");
                }
            }
        }
        return n;
    }

    private Map<String, Object> withRealm(Map<String, Object> body) {
        Map<String, Object> copy = new LinkedHashMap<>(body);
        copy.replaceAll((k, v) -> "{realm}".equals(v) ? realm().name() : v);
        return copy;
    }

    private String pathWith(Route route, String id) {
        return route.path()
                .replace("{realm}", realm().name())
                .replace("{id}", Http.encode(id).replace("+", "%20"));
    }

    private int check(Route route, String path, Map<String, String> query, String body, String contentType) {
        String url = realm().server().baseUrl()
                + path
                + (query.isEmpty() ? "" : (path.contains("?") ? "&" : "?") + Http.formEncode(query));
        HttpRequest.Builder request = Http.request(url, bearer(route.caller()));
        if (route.caller() == Caller.APP) {
            request.header(
                    "Authorization",
                    "Basic "
                            + java.util.Base64.getEncoder()
                                    .encodeToString(
                                            (APP + ":" + SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpRequest.BodyPublisher publisher =
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        request.method(route.method(), publisher);
        Http.Response response = Http.send(request);
        String what = route.method() + " " + path + " " + query.keySet()
                + (body == null
                        ? ""
                        : " body[" + Math.min(body.length(), 40) + "]=" + body.substring(0, Math.min(body.length(), 40))
                                + " as " + contentType);
        int status = response.status();
        if (status >= 500) {
            failures.add(status + " for " + what + ": " + abbreviate(response.body()));
        } else if (route.style() == Style.CASDOOR) {
            JsonNode json = Json.tryParse(response.body());
            // Casdoor's envelope, or a 4xx of the HTTP layer before any route runs (Keycloak's filter of control
            // characters in query values, 415 for a multipart body).
            boolean envelope = status == 200 && json != null && json.has("status");
            boolean filtered = status >= 400 && status < 500;
            if (!envelope && !filtered) {
                failures.add("no envelope (" + status + ") for " + what + ": " + abbreviate(response.body()));
            }
        } else if (status >= 400
                && status != 401
                && status != 404
                && status != 405
                && status != 415
                && (Json.tryParse(response.body()) == null
                        || !Json.tryParse(response.body()).has("error"))) {
            failures.add("a " + status + " without a message for " + what + ": " + abbreviate(response.body()));
        }
        return 1;
    }

    private String bearer(Caller caller) {
        return switch (caller) {
            case ADMIN -> realm().adminToken();
            case USER -> fuzzer.accessToken();
            case APP, NONE -> null;
        };
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private static Map<String, Object> orderedMap(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
