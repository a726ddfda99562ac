package dev.sessioncontrol.it;

import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A browser that stops on every page, for flows with extra pages (the session policy's confirmation and
 * refusal). The harness's {@link Browser} signs in straight through and fails on any other page.
 */
final class InteractiveBrowser {

    private static final Pattern ACTION =
            Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** Where a step ended: on a page, or at the redirect URI with its parameters. */
    record Step(int status, String page, Map<String, String> callback) {
        boolean atCallback() {
            return callback != null;
        }
    }

    private final TestRealm realm;
    private final String userAgent;
    private final HttpClient client;
    private final String verifier = random();
    private String clientId;
    private String secret;

    InteractiveBrowser(TestRealm realm, String userAgent) {
        this.realm = realm;
        this.userAgent = userAgent;
        CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .cookieHandler(new CookieHandler() {
                    // Keycloak marks cookies Secure on loopback; present loopback as https to the store.
                    @Override
                    public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers)
                            throws IOException {
                        return cookies.get(secure(uri), headers);
                    }

                    @Override
                    public void put(URI uri, Map<String, List<String>> headers) throws IOException {
                        cookies.put(secure(uri), headers);
                    }
                })
                .build();
    }

    /** Opens the authorization endpoint and submits the credentials on the login form. */
    Step signIn(String clientId, String secret, String username, String password) {
        this.clientId = clientId;
        this.secret = secret;
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", Browser.REDIRECT_URI);
        query.put("response_type", "code");
        query.put("scope", "openid");
        query.put("state", random());
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        Step login = follow(get(realm.url() + "/protocol/openid-connect/auth?" + Http.formEncode(query)));
        return submit(login, Map.of("username", username, "password", password, "credentialId", ""));
    }

    /** Submits the form of the page {@code on} with these fields (e.g. a button's name). */
    Step submit(Step on, Map<String, String> fields) {
        Matcher action = ACTION.matcher(on.page());
        if (!action.find()) {
            throw new IllegalStateException("No form on the page: " + on.page());
        }
        String url = action.group(1).replace("&amp;", "&");
        return follow(send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formEncode(fields)))));
    }

    /** Exchanges the code of a callback. */
    Tokens tokens(Step callback) {
        return OAuth.exchangeCode(
                        realm,
                        clientId,
                        secret,
                        callback.callback().get("code"),
                        Browser.REDIRECT_URI,
                        verifier,
                        userAgent)
                .tokens();
    }

    private HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(
                    request.header("User-Agent", userAgent)
                            .timeout(Duration.ofSeconds(60))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Step follow(HttpResponse<String> response) {
        for (int hops = 0; hops < 20; hops++) {
            String location = response.headers().firstValue("Location").orElse(null);
            if (response.statusCode() < 300 || response.statusCode() >= 400 || location == null) {
                return new Step(response.statusCode(), response.body(), null);
            }
            String next = response.uri().resolve(location).toString();
            if (next.startsWith(Browser.REDIRECT_URI)) {
                Map<String, String> params = new LinkedHashMap<>();
                String raw = URI.create(next).getRawQuery();
                for (String pair : raw == null ? new String[0] : raw.split("&")) {
                    int eq = pair.indexOf('=');
                    params.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
                }
                return new Step(response.statusCode(), null, params);
            }
            response = get(next);
        }
        throw new IllegalStateException("Too many redirects");
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static URI secure(URI uri) {
        boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
        return loopback && "http".equals(uri.getScheme())
                ? URI.create("https" + uri.toString().substring("http".length()))
                : uri;
    }

    private static String random() {
        byte[] bytes = new byte[32]; // 43 characters: the shortest PKCE verifier allowed
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
