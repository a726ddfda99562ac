package dev.sessioncontrol.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A token refresh from another address updates the session's last address and keeps the sign-in address.
 * The refresh is sent from 127.0.0.2 (any 127/8 address reaches the server bound on 127.0.0.1).
 */
class LastAddressIT extends AbstractKeycloakIT {

    @Test
    void refreshFromANewAddressIsRecorded() throws IOException {
        realm().createClient(ClientSpec.publicClient("api").standardFlow(false).directAccessGrants(true));
        realm().createUser("roamer", "pw");
        Tokens tokens = OAuth.passwordGrant(realm(), "api", null, "roamer", "pw", UserAgents.CURL);

        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "refresh_token");
        form.put("client_id", "api");
        form.put("refresh_token", tokens.refreshToken());
        int status = postFrom("127.0.0.2", OAuth.tokenUrl(realm()), Http.formEncode(form));
        assertEquals(200, status);

        SessionControlClient api = new SessionControlClient(realm());
        JsonNode view = api.adminGet(realm().adminToken(), "/sessions/" + tokens.sessionId())
                .requireSuccess("view")
                .json();
        assertEquals("127.0.0.1", view.get("ipAddress").asText());
        assertEquals("127.0.0.2", view.get("lastIpAddress").asText());
        JsonNode found = api.adminGet(realm().adminToken(), "/sessions?ip=127.0.0.2")
                .requireSuccess("by ip")
                .json();
        assertEquals(1, found.get("total").asInt());
        assertTrue(view.get("lastAccess").asLong() >= view.get("started").asLong());
    }

    /** A minimal HTTP/1.1 form POST from a chosen local address; answers the status code. */
    private static int postFrom(String localAddress, String url, String body) throws IOException {
        URI uri = URI.create(url);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(localAddress), 0));
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + bytes.length
                    + "\r\nConnection: close\r\n\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 200"
            in.readAllBytes();
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }
}
