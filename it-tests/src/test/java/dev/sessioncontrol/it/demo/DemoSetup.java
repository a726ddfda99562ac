package dev.sessioncontrol.it.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.UserAgents;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an operator does after installing the extension, done for the demo through Keycloak's admin REST API:
 * <ol>
 *   <li>the master realm's admin console theme becomes {@code session-control}, so the master admin sees the
 *       Sessions pages of every realm (the demo realm selects its own themes in its import file);</li>
 *   <li>when the demo realm has no sessions (first start, or all expired), its users sign in as people and apps
 *       do: browsers through the login page, the mobile and desktop apps with the password grant, one of them
 *       asking for offline access; so the Sessions page shows several device types.</li>
 * </ol>
 */
final class DemoSetup {

    static final String REALM = "demo";
    static final String THEME = "session-control";
    /** Registered on the demo clients; nothing listens there, only the code in its query is read. */
    static final String REDIRECT_URI = "http://127.0.0.1:1/cb";

    private static final String ELECTRON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"
            + " (KHTML, like Gecko) DemoDesktop/1.0 Chrome/130.0.0.0 Electron/33.0.0 Safari/537.36";
    private static final Pattern LOGIN_FORM_ACTION = Pattern.compile(
            "<form\\b[^>]*\\bid=\"kc-form-login\"[^>]*\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private final String baseUrl;
    private final String adminUsername;
    private final String adminPassword;

    DemoSetup(String baseUrl, String adminUsername, String adminPassword) {
        this.baseUrl = baseUrl;
        this.adminUsername = adminUsername;
        this.adminPassword = adminPassword;
    }

    void apply() {
        String token = adminToken();
        useSessionControlConsoleInMaster(token);
        if (demoSessions(token) == 0) {
            browserSignIn("alice", UserAgents.CHROME_DESKTOP);
            appSignIn("demo-mobile", "alice", UserAgents.SAFARI_IPHONE, "openid offline_access");
            browserSignIn("bob", UserAgents.FIREFOX_DESKTOP);
            appSignIn("demo-desktop", "bob", ELECTRON_MAC, "openid");
            appSignIn("demo-mobile", "bob", UserAgents.CHROME_ANDROID, "openid");
        }
    }

    private String adminToken() {
        return Http.postForm(
                        baseUrl + "/realms/master/protocol/openid-connect/token",
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "admin-cli",
                                "username",
                                adminUsername,
                                "password",
                                adminPassword),
                        Map.of())
                .requireSuccess("Signing in as the master realm's admin")
                .json()
                .get("access_token")
                .asText();
    }

    private void useSessionControlConsoleInMaster(String token) {
        String master = baseUrl + "/admin/realms/master";
        JsonNode realm = Http.get(master, token)
                .requireSuccess("Reading the master realm")
                .json();
        if (!THEME.equals(realm.path("adminTheme").asText())) {
            Http.putJson(master, token, Json.object().put("adminTheme", THEME))
                    .requireSuccess("Selecting the " + THEME + " admin console theme for the master realm");
        }
    }

    private long demoSessions(String token) {
        return Http.get(baseUrl + "/admin/realms/" + REALM + "/session-control/sessions?max=1", token)
                .requireSuccess("Counting the demo realm's sessions")
                .json()
                .path("total")
                .asLong();
    }

    private String realmUrl() {
        return baseUrl + "/realms/" + REALM + "/protocol/openid-connect";
    }

    /** An app signing its user in with the password grant (the demo's public app clients allow it). */
    private void appSignIn(String clientId, String username, String userAgent, String scope) {
        Http.postForm(
                        realmUrl() + "/token",
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                clientId,
                                "scope",
                                scope,
                                "username",
                                username,
                                "password",
                                username),
                        Map.of("User-Agent", userAgent))
                .requireSuccess(username + " signing in to " + clientId);
    }

    /** A person signing in to demo-web in a browser: the login page, the form, the code exchanged. */
    private void browserSignIn(String username, String userAgent) {
        HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        Map<String, String> cookies = new LinkedHashMap<>();
        String authorize = realmUrl() + "/auth?"
                + Http.formEncode(Map.of(
                        "client_id",
                        "demo-web",
                        "redirect_uri",
                        REDIRECT_URI,
                        "response_type",
                        "code",
                        "scope",
                        "openid",
                        "state",
                        "demo"));
        Http.Response page = send(
                client,
                cookies,
                Http.request(authorize, null).header("User-Agent", userAgent).GET());
        Matcher form = LOGIN_FORM_ACTION.matcher(page.body());
        if (!form.find()) {
            throw new IllegalStateException("No login form for " + username + ": HTTP " + page.status());
        }
        String action = form.group(1).replace("&amp;", "&");
        Http.Response posted = send(
                client,
                cookies,
                Http.request(action, null)
                        .header("User-Agent", userAgent)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                Http.formEncode(Map.of("username", username, "password", username)))));
        String location = posted.header("Location").orElse("");
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        if (!location.startsWith(REDIRECT_URI) || !code.find()) {
            throw new IllegalStateException(
                    "The sign-in of " + username + " did not return to demo-web: HTTP " + posted.status());
        }
        Http.postForm(
                        realmUrl() + "/token",
                        Map.of(
                                "grant_type",
                                "authorization_code",
                                "client_id",
                                "demo-web",
                                "redirect_uri",
                                REDIRECT_URI,
                                "code",
                                URLDecoder.decode(code.group(1), StandardCharsets.UTF_8)),
                        Map.of("User-Agent", userAgent))
                .requireSuccess("demo-web exchanging the code of " + username);
    }

    /** Sends with the cookies gathered so far and keeps the ones the answer sets (Secure ones too, on plain HTTP). */
    private static Http.Response send(HttpClient client, Map<String, String> cookies, HttpRequest.Builder request) {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    String.join(
                            "; ",
                            cookies.entrySet().stream()
                                    .map(c -> c.getKey() + "=" + c.getValue())
                                    .toList()));
        }
        Http.Response response = Http.send(client, request.build());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
                cookies.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return response;
    }
}
