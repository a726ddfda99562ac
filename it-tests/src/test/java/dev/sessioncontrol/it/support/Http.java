package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Plain HTTP on java.net.http: JSON and form requests, with an optional bearer token. */
public final class Http {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** No cookies, no automatic redirects: tests see exactly what the server answered. */
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private Http() {}

    /** An answer; {@code json} is the parsed body when it is JSON, else null. */
    public record Response(int status, HttpHeaders headers, String body, JsonNode json) {

        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** The Location header, or null. */
        public String location() {
            return headers.firstValue("Location").orElse(null);
        }

        /** Throws with the status and body unless the answer is 2xx. */
        public Response requireSuccess(String what) {
            if (!isSuccess()) {
                throw new IllegalStateException(what + " failed: HTTP " + status + " " + Json.abbreviate(body, 500));
            }
            return this;
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + Json.abbreviate(body, 200);
        }
    }

    public static Response get(String url, String bearer) {
        return send(request(url, bearer).GET());
    }

    /** A GET that may take longer than the usual 30 s (benchmarks of Keycloak's slowest endpoints). */
    public static Response get(String url, String bearer, Duration timeout) {
        return send(request(url, bearer).timeout(timeout).GET());
    }

    public static Response delete(String url, String bearer) {
        return send(request(url, bearer).DELETE());
    }

    /** POSTs a JSON body: a String is sent as is, anything else through Jackson; null sends no body. */
    public static Response postJson(String url, String bearer, Object body) {
        return send(withJson(request(url, bearer), "POST", body));
    }

    public static Response putJson(String url, String bearer, Object body) {
        return send(withJson(request(url, bearer), "PUT", body));
    }

    /** POSTs an application/x-www-form-urlencoded body with extra headers (e.g. User-Agent). */
    public static Response postForm(String url, Map<String, String> form, Map<String, String> headers) {
        HttpRequest.Builder builder = request(url, null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)));
        headers.forEach(builder::header);
        return send(builder);
    }

    /**
     * POSTs a form over a plain socket with exactly the given headers, {@code Host} included, which java.net.http
     * does not let a caller set: how a hostile client forges the address a server might build its links from.
     */
    public static Response postFormRaw(String url, Map<String, String> form, Map<String, String> headers) {
        return postFormRaw(null, url, form, headers);
    }

    /**
     * The loopback address the test servers trust as a reverse proxy ({@code --proxy-trusted-addresses}): only
     * requests from it have their {@code X-Forwarded-*} headers honored, so other tests' forged headers stay forged.
     */
    public static final String TRUSTED_PROXY = "127.0.0.3";

    /**
     * POSTs a form as the trusted proxy forwards it for a client at {@code clientAddress} (any text, as a proxy
     * writes it: {@code 2001:db8::1} or {@code 2001:db8:0:0:0:0:0:1}): Keycloak records that address.
     */
    public static Response postFormForwarded(
            String clientAddress, String url, Map<String, String> form, Map<String, String> headers) {
        Map<String, String> all = new java.util.LinkedHashMap<>(headers);
        all.put("X-Forwarded-For", clientAddress);
        return postFormRaw(TRUSTED_PROXY, url, form, all);
    }

    /** As {@link #postFormRaw(String, Map, Map)}, from a chosen local address (null: any). */
    public static Response postFormRaw(
            String localAddress, String url, Map<String, String> form, Map<String, String> headers) {
        URI uri = URI.create(url);
        byte[] body = formEncode(form).getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST " + uri.getRawPath() + " HTTP/1.1\r\n");
        Map<String, String> all = new java.util.LinkedHashMap<>();
        all.put("Host", uri.getHost() + ":" + uri.getPort());
        all.putAll(headers);
        all.put("Content-Type", "application/x-www-form-urlencoded");
        all.put("Content-Length", Integer.toString(body.length));
        all.put("Connection", "close");
        all.forEach(
                (name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        head.append("\r\n");
        try (java.net.Socket socket = new java.net.Socket()) {
            if (localAddress != null) {
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(localAddress), 0));
            }
            socket.connect(
                    new java.net.InetSocketAddress(uri.getHost(), uri.getPort()), (int) REQUEST_TIMEOUT.toMillis());
            socket.setSoTimeout((int) REQUEST_TIMEOUT.toMillis());
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String[] lines = answer.substring(0, end).split("\r\n");
            Map<String, java.util.List<String>> answerHeaders = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                answerHeaders
                        .computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new java.util.ArrayList<>())
                        .add(lines[i].substring(colon + 1).trim());
            }
            String text = answer.substring(end + 4);
            if (answerHeaders
                    .getOrDefault("Transfer-Encoding", java.util.List.of())
                    .contains("chunked")) {
                text = dechunk(text);
            }
            boolean json = answerHeaders
                    .getOrDefault("Content-Type", java.util.List.of())
                    .toString()
                    .contains("json");
            return new Response(
                    Integer.parseInt(lines[0].split(" ")[1]),
                    HttpHeaders.of(answerHeaders, (a, b) -> true),
                    text,
                    json ? Json.tryParse(text) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + url + " failed", e);
        }
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(
                    chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString();
            }
            // Sizes count bytes; the bodies here (JSON) are ASCII.
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    /** A request builder with the timeout, Accept and (when not null) the bearer token set. */
    public static HttpRequest.Builder request(String url, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, */*");
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        return builder;
    }

    public static Response send(HttpRequest.Builder request) {
        return send(CLIENT, request.build());
    }

    /** Sends on the given client (e.g. a {@link Browser}'s) and reads the whole body as text. */
    public static Response send(HttpClient client, HttpRequest request) {
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            boolean json =
                    response.headers().firstValue("Content-Type").orElse("").contains("json");
            return new Response(response.statusCode(), response.headers(), body, json ? Json.tryParse(body) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted: " + request.method() + " " + request.uri(), e);
        }
    }

    public static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static HttpRequest.Builder withJson(HttpRequest.Builder builder, String method, Object body) {
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.write(body)));
    }
}
