package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** Token-endpoint calls of OAuth clients (client_secret_post when a secret is given). */
public final class OAuth {

    private OAuth() {}

    /** A token endpoint answer, successful or not. */
    public record TokenResult(int status, JsonNode json) {

        public boolean ok() {
            return status == 200;
        }

        /** The OAuth {@code error} code (e.g. "invalid_grant"), or null. */
        public String error() {
            return json == null || !json.hasNonNull("error")
                    ? null
                    : json.get("error").asText();
        }

        public String errorDescription() {
            return json == null || !json.hasNonNull("error_description")
                    ? null
                    : json.get("error_description").asText();
        }

        /** The tokens; throws with the error when the request failed. */
        public Tokens tokens() {
            if (!ok()) {
                throw new IllegalStateException("Token request failed: HTTP " + status + " " + json);
            }
            return Tokens.from(json);
        }
    }

    public static String tokenUrl(TestRealm realm) {
        return realm.url() + "/protocol/openid-connect/token";
    }

    /** Resource-owner password grant; the client needs direct access grants. Throws unless it succeeds. */
    public static Tokens passwordGrant(
            TestRealm realm, String clientId, String secretOrNull, String username, String password, String userAgent) {
        return passwordGrantResult(realm, clientId, secretOrNull, username, password, userAgent)
                .tokens();
    }

    /** Password grant returning the answer as is, for tests that expect a refusal. */
    public static TokenResult passwordGrantResult(
            TestRealm realm, String clientId, String secretOrNull, String username, String password, String userAgent) {
        return passwordGrantResult(realm, clientId, secretOrNull, username, password, userAgent, "openid");
    }

    /** Password grant with a scope of its own: {@code "openid offline_access"} leaves an offline session too. */
    public static TokenResult passwordGrantResult(
            TestRealm realm,
            String clientId,
            String secretOrNull,
            String username,
            String password,
            String userAgent,
            String scope) {
        Map<String, String> form = form("password", clientId, secretOrNull);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", scope);
        return tokenRequest(realm, form, userAgent);
    }

    /** A password grant with {@code offline_access}: the tokens' refresh token is an offline token. */
    public static Tokens offlineGrant(
            TestRealm realm, String clientId, String secretOrNull, String username, String password, String userAgent) {
        return passwordGrantResult(
                        realm, clientId, secretOrNull, username, password, userAgent, "openid offline_access")
                .tokens();
    }

    public static TokenResult refresh(TestRealm realm, String clientId, String secretOrNull, String refreshToken) {
        Map<String, String> form = form("refresh_token", clientId, secretOrNull);
        form.put("refresh_token", refreshToken);
        return tokenRequest(realm, form, null);
    }

    /**
     * Password grant of a public client sent through the test servers' trusted proxy for a client at
     * {@code clientAddress} ({@link Http#postFormForwarded}). Throws unless it succeeds.
     */
    public static Tokens passwordGrantFrom(
            String clientAddress, TestRealm realm, String clientId, String username, String password) {
        Map<String, String> form = form("password", clientId, null);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        return forwarded(clientAddress, realm, form).tokens();
    }

    /**
     * {@link #passwordGrantResult(TestRealm, String, String, String, String, String, String)} through the trusted
     * proxy for a client at {@code clientAddress}; null sends it directly.
     */
    public static TokenResult passwordGrantResultFrom(
            String clientAddress,
            TestRealm realm,
            String clientId,
            String secretOrNull,
            String username,
            String password,
            String scope) {
        if (clientAddress == null) {
            return passwordGrantResult(realm, clientId, secretOrNull, username, password, null, scope);
        }
        Map<String, String> form = form("password", clientId, secretOrNull);
        form.put("username", username);
        form.put("password", password);
        form.put("scope", scope);
        return forwarded(clientAddress, realm, form);
    }

    /** Refresh of a public client's token through the trusted proxy for a client at {@code clientAddress}. */
    public static TokenResult refreshFrom(String clientAddress, TestRealm realm, String clientId, String refreshToken) {
        Map<String, String> form = form("refresh_token", clientId, null);
        form.put("refresh_token", refreshToken);
        return forwarded(clientAddress, realm, form);
    }

    private static TokenResult forwarded(String clientAddress, TestRealm realm, Map<String, String> form) {
        Http.Response response = Http.postFormForwarded(clientAddress, tokenUrl(realm), form, Map.of());
        return new TokenResult(response.status(), response.json());
    }

    /** Client credentials grant; the client needs a service account. Throws unless it succeeds. */
    public static Tokens clientCredentials(TestRealm realm, String clientId, String secret) {
        return tokenRequest(realm, form("client_credentials", clientId, secret), null)
                .tokens();
    }

    /** Exchanges an authorization code (PKCE verifier optional). */
    public static TokenResult exchangeCode(
            TestRealm realm,
            String clientId,
            String secretOrNull,
            String code,
            String redirectUri,
            String codeVerifier,
            String userAgent) {
        return exchangeCode(realm.url(), clientId, secretOrNull, code, redirectUri, codeVerifier, userAgent);
    }

    /** The same on a realm known by its URL alone (the demo's, outside the test harness). */
    public static TokenResult exchangeCode(
            String realmUrl,
            String clientId,
            String secretOrNull,
            String code,
            String redirectUri,
            String codeVerifier,
            String userAgent) {
        Map<String, String> form = form("authorization_code", clientId, secretOrNull);
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        if (codeVerifier != null) {
            form.put("code_verifier", codeVerifier);
        }
        return tokenRequest(realmUrl + "/protocol/openid-connect/token", form, userAgent);
    }

    /** RP logout with a refresh token (POST /logout): ends the user session. Returns the HTTP status (204 when done). */
    public static int logout(TestRealm realm, String clientId, String secretOrNull, String refreshToken) {
        Map<String, String> form = clientAuth(clientId, secretOrNull);
        form.put("refresh_token", refreshToken);
        return Http.postForm(realm.url() + "/protocol/openid-connect/logout", form, Map.of())
                .status();
    }

    /** The master realm's admin signing in through admin-cli (the answer's JSON has the token and its lifetime). */
    public static JsonNode masterAdminGrant(String baseUrl, String username, String password) {
        return Http.postForm(
                        baseUrl + "/realms/master/protocol/openid-connect/token",
                        Map.of(
                                "grant_type",
                                "password",
                                "client_id",
                                "admin-cli",
                                "username",
                                username,
                                "password",
                                password),
                        Map.of())
                .requireSuccess("signing in as the master realm's admin")
                .json();
    }

    /** Any token request; {@code userAgent} may be null. */
    public static TokenResult tokenRequest(TestRealm realm, Map<String, String> form, String userAgent) {
        return tokenRequest(tokenUrl(realm), form, userAgent);
    }

    private static TokenResult tokenRequest(String tokenUrl, Map<String, String> form, String userAgent) {
        Map<String, String> headers = userAgent == null ? Map.of() : Map.of("User-Agent", userAgent);
        Http.Response response = Http.postForm(tokenUrl, form, headers);
        return new TokenResult(response.status(), response.json());
    }

    private static Map<String, String> form(String grantType, String clientId, String secretOrNull) {
        Map<String, String> form = clientAuth(clientId, secretOrNull);
        form.put("grant_type", grantType);
        return form;
    }

    private static Map<String, String> clientAuth(String clientId, String secretOrNull) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", clientId);
        if (secretOrNull != null) {
            form.put("client_secret", secretOrNull);
        }
        return form;
    }
}
