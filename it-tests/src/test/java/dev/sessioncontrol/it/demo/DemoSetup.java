package dev.sessioncontrol.it.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.UserAgents;
import java.util.Map;

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

    private static final String ELECTRON_MAC = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36"
            + " (KHTML, like Gecko) DemoDesktop/1.0 Chrome/130.0.0.0 Electron/33.0.0 Safari/537.36";

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
        return OAuth.masterAdminGrant(baseUrl, adminUsername, adminPassword)
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
        new Browser(baseUrl + "/realms/" + REALM, userAgent)
                .signIn("demo-web", Browser.REDIRECT_URI, username, username);
    }
}
