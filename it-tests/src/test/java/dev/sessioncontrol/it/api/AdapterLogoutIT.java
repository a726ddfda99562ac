package dev.sessioncontrol.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A legacy adapter's application, told of a session's end at its admin URL ({@code k_logout}) for the sessions it
 * reported at sign-in ({@code client_session_state}): an ending by this extension still tells it, and a session the
 * adapter never reported is removed without a call.
 */
class AdapterLogoutIT extends AbstractKeycloakIT {

    private static final String CLIENT = "legacy-app";
    private static final String SECRET = "legacy-secret";
    private static final String PASSWORD = "pw";
    private static final Pattern JWS = Pattern.compile("[A-Za-z0-9_-]+\\.([A-Za-z0-9_-]+)\\.[A-Za-z0-9_-]+");

    private static HttpServer adminEndpoint;
    /** Every request to the application's admin URL: its path, and its body decoded when it carries a JWS. */
    private static final List<String> calls = new ArrayList<>();

    @BeforeAll
    static void setUp(TestRealm realm) throws IOException {
        adminEndpoint = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        adminEndpoint.createContext("/app", AdapterLogoutIT::record);
        adminEndpoint.start();
        String uuid = realm.createClient(ClientSpec.confidential(CLIENT, SECRET)
                .standardFlow(false)
                .directAccessGrants(true)
                .frontchannelLogout(false));
        ObjectNode client = (ObjectNode) realm.adminGet("/clients/" + uuid).json();
        client.put("adminUrl", "http://127.0.0.1:" + adminEndpoint.getAddress().getPort() + "/app");
        realm.adminPut("/clients/" + uuid, client).requireSuccess("admin URL");
        realm.createUser("adapter-user", PASSWORD);
    }

    @AfterAll
    static void tearDown() {
        if (adminEndpoint != null) {
            adminEndpoint.stop(0);
        }
    }

    private static void record(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Matcher jws = JWS.matcher(body);
        String payload =
                jws.find() ? new String(Base64.getUrlDecoder().decode(jws.group(1)), StandardCharsets.UTF_8) : body;
        synchronized (calls) {
            calls.add(exchange.getRequestURI().getPath() + " " + payload);
        }
        exchange.sendResponseHeaders(204, -1);
        exchange.close();
    }

    private static List<String> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    /**
     * A password grant of the adapter; then, unless {@code adapterSession} is null, a refresh that reports the
     * adapter's own session id as an adapter does (Keycloak keeps it on the client session from a code exchange or a
     * refresh, not from a password grant).
     */
    private Tokens signIn(String adapterSession) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", CLIENT);
        form.put("client_secret", SECRET);
        form.put("username", "adapter-user");
        form.put("password", PASSWORD);
        form.put("scope", "openid");
        Tokens tokens = OAuth.tokenRequest(realm(), form, null).tokens();
        if (adapterSession == null) {
            return tokens;
        }
        Map<String, String> refresh = new LinkedHashMap<>();
        refresh.put("grant_type", "refresh_token");
        refresh.put("client_id", CLIENT);
        refresh.put("client_secret", SECRET);
        refresh.put("refresh_token", tokens.refreshToken());
        refresh.put("client_session_state", adapterSession);
        Tokens refreshed = OAuth.tokenRequest(realm(), refresh, null).tokens();
        assertEquals(tokens.sessionId(), refreshed.sessionId(), "the refresh keeps the session");
        return refreshed;
    }

    private void end(Tokens tokens) {
        assertEquals(
                204,
                realm().adminDelete("/session-control/sessions/" + tokens.sessionId())
                        .status(),
                "ending the session");
        assertEquals(
                "invalid_grant",
                OAuth.refresh(realm(), CLIENT, SECRET, tokens.refreshToken()).error(),
                "the ended session's refresh token");
    }

    @Test
    void aReportedAdapterSessionIsLoggedOutAtTheAdminUrl() {
        Tokens tokens = signIn("adapter-session-1");
        int before = calls().size();

        end(tokens);

        Poll.until(
                "a k_logout call for the adapter's session",
                Duration.ofSeconds(10),
                () -> calls().stream()
                        .skip(before)
                        .anyMatch(c -> c.startsWith("/app/k_logout ") && c.contains("adapter-session-1")));
    }

    @Test
    void anUnreportedSessionIsRemovedWithoutACall() {
        Tokens tokens = signIn(null);
        int before = calls().size();

        end(tokens);

        // Keycloak calls an admin URL within the ending request, before the answer: nothing came.
        assertTrue(
                calls().stream().skip(before).noneMatch(c -> c.startsWith("/app/k_logout")),
                "no call for a session the adapter never reported: " + calls());
    }
}
