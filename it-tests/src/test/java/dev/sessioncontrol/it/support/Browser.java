package dev.sessioncontrol.it.support;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted browser: keeps cookies, sends one User-Agent on every request, and follows redirects itself
 * so it can stop at the client's redirect URI (which needs no server: only its Location is read). It signs in
 * straight through ({@link #signIn}) or a step at a time ({@link #startSignIn}), for flows with pages of their own.
 */
public final class Browser {

    /** A redirect URI nothing listens on; register it on clients used with {@link #signIn}. */
    public static final String REDIRECT_URI = "http://127.0.0.1:1/cb";

    private static final int MAX_REDIRECTS = 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern LOGIN_FORM =
            Pattern.compile("<form\\b[^>]*\\bid=\"kc-form-login\"[^>]*>", Pattern.CASE_INSENSITIVE);
    /** The consent screen's form (the one with the "accept" button). */
    private static final Pattern CONSENT_FORM = Pattern.compile(
            "<form\\b[^>]*>(?:(?!</form>).)*?name=\"accept\"(?:(?!</form>).)*</form>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    private static final Pattern HIDDEN_INPUT = Pattern.compile(
            "<input\\s+type=\"hidden\"\\s+name=\"([^\"]*)\"\\s+value=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern ACTION = Pattern.compile("\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
    /** The action of a page's first form. */
    private static final Pattern FORM_ACTION =
            Pattern.compile("<form\\b[^>]*\\baction=\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private static final Pattern TITLE =
            Pattern.compile("<title>(.*?)</title>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern FEEDBACK = Pattern.compile(
            "<span[^>]*(?:input-error|kc-feedback-text)[^>]*>(.*?)</span>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|apos|lt|gt);");

    private final String realmUrl;
    private final String userAgent;
    private final CookieManager cookieManager = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;

    private String scope = "openid";
    private Pending pending;

    public Browser(TestRealm realm, String userAgent) {
        this(realm.url(), userAgent);
    }

    /** A browser for a realm known by its URL alone, e.g. http://127.0.0.1:8080/realms/demo. */
    public Browser(String realmUrl, String userAgent) {
        this.realmUrl = realmUrl;
        this.userAgent = userAgent;
        this.client = HttpClient.newBuilder()
                .cookieHandler(new LoopbackIsSecure(cookieManager))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    public String userAgent() {
        return userAgent;
    }

    /** The cookies this browser holds (e.g. KEYCLOAK_SESSION); clear it to "close the browser". */
    public CookieStore cookies() {
        return cookieManager.getCookieStore();
    }

    /** A GET with this browser's cookies and User-Agent; redirects are not followed. */
    public Http.Response get(String url) {
        return send(Http.request(url, null).GET());
    }

    /** The scope of the next sign-ins: {@code "openid offline_access"} asks for an offline token. */
    public Browser scope(String value) {
        this.scope = value;
        return this;
    }

    /** Signs in to a public client with the authorization code flow. */
    public Tokens signIn(String clientId, String redirectUri, String username, String password) {
        return signIn(clientId, null, redirectUri, username, password);
    }

    /**
     * Signs in through Keycloak's login form (or straight through, when the SSO cookie is still valid)
     * and exchanges the code; {@code secretOrNull} is the secret of a confidential client.
     */
    public Tokens signIn(String clientId, String secretOrNull, String redirectUri, String username, String password) {
        Step step = startSignIn(clientId, secretOrNull, redirectUri, username, password);
        if (!step.atCallback()) {
            throw new IllegalStateException(
                    "Sign-in of " + username + " did not reach " + redirectUri + ": " + describe(step.response()));
        }
        return tokens(step);
    }

    /**
     * Where a step of a sign-in ended: on a page (the session policy's confirmation or refusal, say), or at the
     * redirect URI with its parameters.
     */
    public record Step(Http.Response response, Map<String, String> callback) {
        public boolean atCallback() {
            return callback != null;
        }

        public int status() {
            return response.status();
        }

        /** The page's HTML; null at the redirect URI. */
        public String page() {
            return atCallback() ? null : response.body();
        }
    }

    /**
     * Opens the authorization endpoint, submits the credentials when the login form shows, and stops on whatever
     * comes next: a page of its own (answer it with {@link #submit}) or the redirect URI (then {@link #tokens}).
     */
    public Step startSignIn(
            String clientId, String secretOrNull, String redirectUri, String username, String password) {
        String verifier = randomToken();
        pending = new Pending(clientId, secretOrNull, redirectUri, randomToken(), verifier);
        String url = authorizationUrl(clientId, redirectUri, pending.state(), pkceChallenge(verifier), null);
        Landing landing = follow(url, get(url), redirectUri);
        if (landing.callback() == null) {
            landing = post(loginFormAction(landing.page()), credentials(username, password), redirectUri);
        }
        return step(landing);
    }

    /** Submits the form of the page {@code on} with these fields (e.g. the name of the button pressed). */
    public Step submit(Step on, Map<String, String> fields) {
        Matcher action = FORM_ACTION.matcher(on.page());
        if (!action.find()) {
            throw new IllegalStateException("No form on the page: " + describe(on.response()));
        }
        return step(post(htmlUnescape(action.group(1)), fields, pending.redirectUri()));
    }

    /** Exchanges the code of the sign-in that ended at its redirect URI. */
    public Tokens tokens(Step callback) {
        Map<String, String> params = callback.callback();
        if (!pending.state().equals(params.get("state"))) {
            throw new IllegalStateException("State mismatch in " + params);
        }
        String code = params.get("code");
        if (code == null) {
            throw new IllegalStateException("No code in " + params);
        }
        return OAuth.exchangeCode(
                        realmUrl,
                        pending.clientId(),
                        pending.secret(),
                        code,
                        pending.redirectUri(),
                        pending.verifier(),
                        userAgent)
                .tokens();
    }

    /** What the login form posts. */
    private static Map<String, String> credentials(String username, String password) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("username", username);
        form.put("password", password);
        form.put("credentialId", "");
        return form;
    }

    private static Step step(Landing landing) {
        return new Step(landing.page(), landing.callback() == null ? null : callbackParameters(landing.callback()));
    }

    /**
     * Approves an OAuth 2.0 device grant (RFC 8628) the way a person does on their phone: opens the
     * verification URI (with the user code), signs in and accepts the consent screen. Answers the last page.
     */
    public Http.Response approveDevice(String verificationUriComplete, String username, String password) {
        Landing landing = follow(verificationUriComplete, get(verificationUriComplete), "never:");
        landing = post(loginFormAction(landing.page()), credentials(username, password), "never:");
        Matcher consent = CONSENT_FORM.matcher(landing.page().body());
        if (!consent.find()) {
            throw new IllegalStateException("No consent form after signing in: " + describe(landing.page()));
        }
        Map<String, String> accept = new LinkedHashMap<>();
        Matcher hidden = HIDDEN_INPUT.matcher(consent.group());
        while (hidden.find()) {
            accept.put(htmlUnescape(hidden.group(1)), htmlUnescape(hidden.group(2)));
        }
        accept.put("accept", "Yes");
        Matcher action = ACTION.matcher(consent.group());
        if (!action.find()) {
            throw new IllegalStateException("Consent form without action: " + describe(landing.page()));
        }
        return post(htmlUnescape(action.group(1)), accept, "never:").page();
    }

    private Landing post(String formAction, Map<String, String> form, String redirectUri) {
        String action = URI.create(realmUrl).resolve(formAction).toString(); // forms may post to a relative URL
        Http.Response posted = send(Http.request(action, null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formEncode(form))));
        return follow(action, posted, redirectUri);
    }

    /**
     * Whether this browser is still signed in: an authorization request with prompt=none returns a code
     * (true) or error=login_required (false).
     */
    public boolean ssoSessionAlive(String clientId, String redirectUri) {
        String url = authorizationUrl(clientId, redirectUri, randomToken(), pkceChallenge(randomToken()), "none");
        Landing landing = follow(url, get(url), redirectUri);
        if (landing.callback() == null) {
            throw new IllegalStateException("prompt=none showed a page: " + describe(landing.page()));
        }
        Map<String, String> params = callbackParameters(landing.callback());
        if (params.containsKey("code")) {
            return true;
        }
        if ("login_required".equals(params.get("error"))) {
            return false;
        }
        throw new IllegalStateException("Unexpected answer to prompt=none: " + landing.callback());
    }

    private Http.Response send(HttpRequest.Builder request) {
        return Http.send(client, request.header("User-Agent", userAgent).build());
    }

    private String authorizationUrl(
            String clientId, String redirectUri, String state, String challenge, String prompt) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("response_type", "code");
        query.put("scope", scope);
        query.put("state", state);
        query.put("nonce", randomToken());
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        if (prompt != null) {
            query.put("prompt", prompt);
        }
        return realmUrl + "/protocol/openid-connect/auth?" + Http.formEncode(query);
    }

    /** Where a chain of redirects ended: at the redirect URI ({@code callback}) or on a page. */
    private record Landing(String callback, Http.Response page) {}

    /** The sign-in under way: what its code exchange needs. */
    private record Pending(String clientId, String secret, String redirectUri, String state, String verifier) {}

    private Landing follow(String url, Http.Response response, String redirectUri) {
        String current = url;
        for (int hops = 0; hops < MAX_REDIRECTS; hops++) {
            if (response.status() < 300 || response.status() >= 400 || response.location() == null) {
                return new Landing(null, response);
            }
            String next = URI.create(current).resolve(response.location()).toString();
            if (next.startsWith(redirectUri)) {
                return new Landing(next, response);
            }
            current = next;
            response = get(next);
        }
        throw new IllegalStateException("More than " + MAX_REDIRECTS + " redirects from " + url);
    }

    /**
     * Keycloak treats http://127.0.0.1 as a secure context (as browsers do, Safari excepted: it reads the
     * User-Agent) and marks its cookies Secure; CookieManager hands Secure cookies only to https URIs.
     * So loopback URIs are presented to the cookie store as https.
     */
    private static final class LoopbackIsSecure extends CookieHandler {
        private final CookieManager cookies;

        LoopbackIsSecure(CookieManager cookies) {
            this.cookies = cookies;
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            return cookies.get(asSecure(uri), requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            cookies.put(asSecure(uri), responseHeaders);
        }

        private static URI asSecure(URI uri) {
            boolean loopback = "127.0.0.1".equals(uri.getHost()) || "localhost".equals(uri.getHost());
            if (!loopback || !"http".equals(uri.getScheme())) {
                return uri;
            }
            return URI.create("https" + uri.toString().substring("http".length()));
        }
    }

    private static String loginFormAction(Http.Response page) {
        Matcher form = LOGIN_FORM.matcher(page.body());
        Matcher action = form.find() ? ACTION.matcher(form.group()) : null;
        if (action == null || !action.find()) {
            throw new IllegalStateException("No login form: " + describe(page));
        }
        return htmlUnescape(action.group(1));
    }

    /** The parameters of a callback URL, from its query or (response_mode=fragment) its fragment. */
    static Map<String, String> callbackParameters(String callback) {
        URI uri = URI.create(callback);
        String raw = uri.getRawQuery() != null ? uri.getRawQuery() : uri.getRawFragment();
        Map<String, String> params = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                String key = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : pair.substring(eq + 1);
                params.put(
                        URLDecoder.decode(key, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    static String htmlUnescape(String text) {
        return ENTITY.matcher(text)
                .replaceAll(m -> Matcher.quoteReplacement(
                        switch (m.group(1)) {
                            case "amp" -> "&";
                            case "quot" -> "\"";
                            case "apos" -> "'";
                            case "lt" -> "<";
                            case "gt" -> ">";
                            default -> {
                                String number = m.group(1).substring(1);
                                int codePoint = number.startsWith("x")
                                        ? Integer.parseInt(number.substring(1), 16)
                                        : Integer.parseInt(number);
                                yield new String(Character.toChars(codePoint));
                            }
                        }));
    }

    /** The title and any error message of a page, for failure messages. */
    private static String describe(Http.Response page) {
        String body = page.body() == null ? "" : page.body();
        Matcher title = TITLE.matcher(body);
        Matcher feedback = FEEDBACK.matcher(body);
        String text = "HTTP " + page.status()
                + (title.find() ? " \"" + htmlUnescape(title.group(1).trim()) + "\"" : "");
        return feedback.find()
                ? text + ": "
                        + htmlUnescape(
                                feedback.group(1).replaceAll("<[^>]+>", "").trim())
                : text + " " + Json.abbreviate(body, 300);
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String pkceChallenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
