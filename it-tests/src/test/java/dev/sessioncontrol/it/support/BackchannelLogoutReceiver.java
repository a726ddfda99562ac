package dev.sessioncontrol.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A client's back-channel logout endpoint on 127.0.0.1: records every POSTed {@code logout_token},
 * checks it (RS256 signature against the realm's JWKS, issuer, logout event) and answers 200.
 */
public final class BackchannelLogoutReceiver implements AutoCloseable {

    public static final String BACKCHANNEL_LOGOUT_EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final String PATH = "/backchannel-logout";

    private final HttpServer server;
    private final String issuer;
    private final String jwksUrl;
    private final Map<String, PublicKey> keysById = new ConcurrentHashMap<>();
    private final List<LogoutToken> received = new ArrayList<>(); // guarded by this

    /** A received token; {@code verificationError} says why it is not valid, or is null. */
    public record LogoutToken(String raw, JsonNode header, JsonNode claims, String verificationError) {

        public boolean verified() {
            return verificationError == null;
        }

        public String iss() {
            return text("iss");
        }

        public String sub() {
            return text("sub");
        }

        public String sid() {
            return text("sid");
        }

        /** The audience, always as a list (a JWT may carry a single string). */
        public List<String> aud() {
            JsonNode aud = claims.get("aud");
            if (aud == null) {
                return List.of();
            }
            return aud.isArray() ? Json.list(aud).stream().map(JsonNode::asText).toList() : List.of(aud.asText());
        }

        /** The {@code events} claim: event type URI to its (empty) JSON object. */
        public JsonNode events() {
            return claims.path("events");
        }

        public boolean isBackchannelLogout() {
            return events().has(BACKCHANNEL_LOGOUT_EVENT);
        }

        private String text(String claim) {
            JsonNode value = claims.get(claim);
            return value == null || value.isNull() ? null : value.asText();
        }
    }

    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public BackchannelLogoutReceiver(TestRealm realm) {
        this.issuer = realm.issuer();
        this.jwksUrl = realm.url() + "/protocol/openid-connect/certs";
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the back-channel logout receiver", e);
        }
        server.createContext(PATH, this::handle);
        server.start();
    }

    /**
     * A slow application from now on: every logout token is answered only after {@code delay} (one at a time, as the
     * receiver answers), so that a background job cannot finish before a test has looked; {@link #fast()} (or
     * {@link #close()}) lets every waiting answer go at once.
     */
    public BackchannelLogoutReceiver slow(Duration delay) {
        this.delay = delay;
        this.gate = new CountDownLatch(1);
        return this;
    }

    /** Answers at once again, the waiting calls included. */
    public void fast() {
        delay = Duration.ZERO;
        gate.countDown();
    }

    /** Register this as the client's back-channel logout URL. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    /** Every token received so far, oldest first. */
    public synchronized List<LogoutToken> received() {
        return List.copyOf(received);
    }

    /** The first token (received before or during the wait) that matches; fails after {@code timeout}. */
    public synchronized LogoutToken awaitLogoutToken(Duration timeout, Predicate<LogoutToken> matching) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (LogoutToken token : received) {
                if (matching.test(token)) {
                    return token;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("No matching logout token within " + timeout + "; received: " + received);
            }
            try {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a logout token", e);
            }
        }
    }

    /** Waits for a first matching token, then answers how many matching tokens were received in all. */
    public synchronized long awaitCount(Duration timeout, Predicate<LogoutToken> matching) {
        awaitLogoutToken(timeout, matching);
        return received.stream().filter(matching).count();
    }

    /**
     * Each session of {@code signedIn} that is not {@code left} got exactly one back-channel logout (waiting up to
     * {@code timeout} for each).
     */
    public void assertOneLogoutForEachEnded(List<Tokens> signedIn, Set<String> left, Duration timeout) {
        for (String sessionId : signedIn.stream()
                .map(Tokens::sessionId)
                .filter(id -> !left.contains(id))
                .toList()) {
            assertEquals(
                    1,
                    awaitCount(timeout, token -> sessionId.equals(token.sid())),
                    "one back-channel logout per ended session");
        }
    }

    public LogoutToken awaitLogoutToken(Duration timeout) {
        return awaitLogoutToken(timeout, token -> true);
    }

    @Override
    public void close() {
        fast();
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String token = formParameter(body, "logout_token");
            if ("POST".equals(exchange.getRequestMethod()) && token != null) {
                LogoutToken parsed = check(token);
                synchronized (this) {
                    received.add(parsed);
                    notifyAll();
                }
                awaitGate();
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private void awaitGate() {
        Duration wait = delay;
        if (wait.isZero()) {
            return;
        }
        try {
            gate.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private LogoutToken check(String raw) {
        JsonNode header;
        JsonNode claims;
        try {
            header = Json.jwtHeader(raw);
            claims = Json.jwtClaims(raw);
        } catch (RuntimeException e) {
            return new LogoutToken(raw, null, Json.object(), "unreadable: " + e.getMessage());
        }
        String error = null;
        if (!"RS256".equals(header.path("alg").asText())) {
            error = "alg is " + header.path("alg").asText() + ", expected RS256";
        } else if (!signatureValid(raw, header.path("kid").asText())) {
            error = "bad signature";
        } else if (!issuer.equals(claims.path("iss").asText())) {
            error = "iss is " + claims.path("iss").asText() + ", expected " + issuer;
        } else if (!claims.path("events").has(BACKCHANNEL_LOGOUT_EVENT)) {
            error = "no back-channel logout event in " + claims.path("events");
        } else if (claims.has("nonce")) {
            error = "a logout token must not carry a nonce";
        }
        return new LogoutToken(raw, header, claims, error);
    }

    private boolean signatureValid(String raw, String kid) {
        PublicKey key = keysById.get(kid);
        if (key == null) {
            loadKeys(); // first use, or the realm's keys changed
            key = keysById.get(kid);
        }
        if (key == null) {
            return false;
        }
        int lastDot = raw.lastIndexOf('.');
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update(raw.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
            return rs256.verify(Base64.getUrlDecoder().decode(raw.substring(lastDot + 1)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads the realm's RSA keys from its JWKS: the modulus n and exponent e are base64url big-endian. */
    private void loadKeys() {
        JsonNode jwks =
                Http.get(jwksUrl, null).requireSuccess("Reading " + jwksUrl).json();
        for (JsonNode jwk : Json.list(jwks.path("keys"))) {
            if (!"RSA".equals(jwk.path("kty").asText())) {
                continue;
            }
            BigInteger modulus = new BigInteger(
                    1, Base64.getUrlDecoder().decode(jwk.path("n").asText()));
            BigInteger exponent = new BigInteger(
                    1, Base64.getUrlDecoder().decode(jwk.path("e").asText()));
            try {
                keysById.put(
                        jwk.path("kid").asText(),
                        KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(modulus, exponent)));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Bad RSA key in " + jwksUrl, e);
            }
        }
    }

    private static String formParameter(String body, String name) {
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0
                    && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8)
                            .equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
