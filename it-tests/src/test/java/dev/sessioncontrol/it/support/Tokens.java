package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A successful token answer. {@code sessionId} is the access token's {@code sid} claim: the Keycloak
 * user session id, read without verifying the signature (test code).
 */
public record Tokens(String accessToken, String refreshToken, String idToken, String sessionId, JsonNode json) {

    public static Tokens from(JsonNode json) {
        String accessToken = text(json, "access_token");
        if (accessToken == null) {
            throw new IllegalArgumentException("No access_token in " + json);
        }
        JsonNode claims = Json.jwtClaims(accessToken);
        String sid = text(claims, "sid");
        return new Tokens(
                accessToken,
                text(json, "refresh_token"),
                text(json, "id_token"),
                sid != null ? sid : text(claims, "session_state"),
                json);
    }

    /** The access token's claims, unverified. */
    public JsonNode accessClaims() {
        return Json.jwtClaims(accessToken);
    }

    /** The ID token's claims, unverified; null when there is no ID token. */
    public JsonNode idClaims() {
        return idToken == null ? null : Json.jwtClaims(idToken);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
