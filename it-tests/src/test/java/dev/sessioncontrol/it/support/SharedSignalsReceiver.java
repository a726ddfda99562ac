package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Shared Signals receiver's push endpoint (RFC 8935) on 127.0.0.1: records every Security Event Token that
 * Keycloak's SSF transmitter POSTs, checks its envelope (media type, the stream's authorization header, {@code typ},
 * {@code iss}, {@code aud}, one event in {@code events}) and answers 202. The signature is not checked: the
 * transmitter signs with the realm's keys, as {@link BackchannelLogoutReceiver} already checks for Keycloak's own
 * tokens.
 */
public final class SharedSignalsReceiver implements AutoCloseable {

    public static final String SESSION_REVOKED = "https://schemas.openid.net/secevent/caep/event-type/session-revoked";
    public static final String MEDIA_TYPE = "application/secevent+jwt";
    private static final String PATH = "/ssf-push";

    private final HttpServer server;
    private final String issuer;
    private final String authorization;
    private final List<SecurityEvent> received = new ArrayList<>(); // guarded by this
    private volatile Set<String> audience = Set.of();

    /** A received SET; {@code problem} says what is wrong with its envelope, or is null. */
    public record SecurityEvent(String raw, JsonNode header, JsonNode claims, String problem) {

        public boolean wellFormed() {
            return problem == null;
        }

        /** The one event type URI of {@code events}. */
        public String type() {
            var names = claims.path("events").fieldNames();
            return names.hasNext() ? names.next() : null;
        }

        /** The payload of the one event. */
        public JsonNode event() {
            String type = type();
            return type == null ? Json.object() : claims.path("events").path(type);
        }

        public boolean isSessionRevoked() {
            return SESSION_REVOKED.equals(type());
        }

        /** The {@code session} member of a complex {@code sub_id}: the Keycloak user session's id. */
        public String sessionId() {
            return text(claims.at("/sub_id/session/id"));
        }

        /** The {@code sub} of the {@code user} member (format {@code iss_sub}): the Keycloak user's id. */
        public String userId() {
            return text(claims.at("/sub_id/user/sub"));
        }

        private static String text(JsonNode node) {
            return node.isMissingNode() || node.isNull() ? null : node.asText();
        }
    }

    /**
     * @param realm         the transmitting realm: every SET must name it as {@code iss}
     * @param authorization the stream's {@code delivery.authorization_header}, which every push must carry
     */
    public SharedSignalsReceiver(TestRealm realm, String authorization) {
        this.issuer = realm.issuer();
        this.authorization = authorization;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the Shared Signals receiver", e);
        }
        server.createContext(PATH, this::handle);
        server.start();
    }

    /** The push endpoint, for the stream's {@code delivery.endpoint_url}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** The stream's {@code aud}, once created: every SET must carry it. */
    public void expectAudience(Set<String> audience) {
        this.audience = Set.copyOf(audience);
    }

    public synchronized List<SecurityEvent> received() {
        return List.copyOf(received);
    }

    /** The session-revoked events received so far that name {@code sessionId}. */
    public synchronized List<SecurityEvent> sessionRevoked(String sessionId) {
        return received.stream()
                .filter(e -> e.isSessionRevoked() && sessionId.equals(e.sessionId()))
                .toList();
    }

    /** The first event (received before or during the wait) that matches; fails after {@code timeout}. */
    public synchronized SecurityEvent await(Duration timeout, Predicate<SecurityEvent> matching) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (SecurityEvent event : received) {
                if (matching.test(event)) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No matching security event within " + timeout + "; received: " + received);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a security event", e);
            }
        }
    }

    /** Waits for the session-revoked event that names {@code sessionId}. */
    public SecurityEvent awaitSessionRevoked(Duration timeout, String sessionId) {
        return await(timeout, e -> e.isSessionRevoked() && sessionId.equals(e.sessionId()));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8).trim();
            SecurityEvent event = check(
                    body,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"));
            synchronized (this) {
                received.add(event);
                notifyAll();
            }
            exchange.sendResponseHeaders(202, -1); // RFC 8935: accepted
        }
    }

    private SecurityEvent check(String raw, String contentType, String authorizationHeader) {
        JsonNode header;
        JsonNode claims;
        try {
            header = Json.jwtHeader(raw);
            claims = Json.jwtClaims(raw);
        } catch (RuntimeException e) {
            return new SecurityEvent(raw, Json.object(), Json.object(), "unreadable: " + e.getMessage());
        }
        String problem = null;
        if (contentType == null || !contentType.startsWith(MEDIA_TYPE)) {
            problem = "Content-Type is " + contentType + ", expected " + MEDIA_TYPE;
        } else if (!authorization.equals(authorizationHeader)) {
            problem = "the push did not carry the stream's authorization header";
        } else if (!"secevent+jwt".equals(header.path("typ").asText())) {
            problem = "typ is " + header.path("typ").asText() + ", expected secevent+jwt";
        } else if (!issuer.equals(claims.path("iss").asText())) {
            problem = "iss is " + claims.path("iss").asText() + ", expected " + issuer;
        } else if (!audienceOf(claims).equals(audience)) {
            problem = "aud is " + claims.path("aud") + ", expected " + audience;
        } else if (!claims.path("events").isObject() || claims.path("events").size() != 1) {
            problem = "events must hold exactly one event: " + claims.path("events");
        } else if (claims.path("jti").asText().isEmpty()) {
            problem = "no jti";
        }
        return new SecurityEvent(raw, header, claims, problem);
    }

    private static Set<String> audienceOf(JsonNode claims) {
        JsonNode aud = claims.get("aud");
        if (aud == null || aud.isNull()) {
            return Set.of();
        }
        return aud.isArray()
                ? Set.copyOf(Json.list(aud).stream().map(JsonNode::asText).toList())
                : Set.of(aud.asText());
    }
}
