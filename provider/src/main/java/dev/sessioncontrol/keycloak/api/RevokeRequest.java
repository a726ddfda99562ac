package dev.sessioncontrol.keycloak.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The body of {@code POST sessions/revoke}: the listing's filters as fields, and {@code dryRun}. Strict: an unknown
 * field or a value of the wrong JSON type is a 400 naming the field, so that a typo never widens what is ended.
 */
record RevokeRequest(
        String userId,
        String search,
        String clientId,
        String deviceType,
        String ip,
        String country,
        String type,
        Long startedBefore,
        Long startedAfter,
        boolean dryRun) {

    private static final Set<String> TEXT =
            Set.of("userId", "search", "clientId", "deviceType", "ip", "country", "type");
    private static final Set<String> TIMES = Set.of("startedBefore", "startedAfter");
    private static final String FIELDS =
            "userId, search, clientId, deviceType, ip, country, type, startedBefore, startedAfter, dryRun";

    static RevokeRequest parse(String body) {
        JsonNode json = JsonBody.object(body, "a JSON object with at least one filter is required");
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (TEXT.contains(name)) {
                if (!value.isNull() && !value.isTextual()) {
                    throw ApiErrors.badRequest(name + " must be a string");
                }
            } else if (TIMES.contains(name)) {
                if (!value.isNull() && !(value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0)) {
                    throw ApiErrors.badRequest(name + " must be epoch milliseconds (a whole number, not negative)");
                }
            } else if (name.equals("dryRun")) {
                if (!value.isNull() && !value.isBoolean()) {
                    throw ApiErrors.badRequest("dryRun must be true or false");
                }
            } else {
                throw ApiErrors.badRequest("unknown field '" + name + "'; use " + FIELDS);
            }
        }
        return new RevokeRequest(
                text(json, "userId"),
                text(json, "search"),
                text(json, "clientId"),
                text(json, "deviceType"),
                text(json, "ip"),
                text(json, "country"),
                text(json, "type"),
                time(json, "startedBefore"),
                time(json, "startedAfter"),
                json.path("dryRun").asBoolean(false));
    }

    /** Whether it names at least one filter (everything is {@code revoke-all}'s job, never this route's). */
    boolean filters() {
        return userId != null
                || search != null
                || clientId != null
                || deviceType != null
                || ip != null
                || country != null
                || type != null
                || startedBefore != null
                || startedAfter != null;
    }

    /** The filters named, as the admin event records them. */
    Map<String, Object> described() {
        Map<String, Object> named = new LinkedHashMap<>();
        named.put("userId", userId);
        named.put("search", search);
        named.put("clientId", clientId);
        named.put("deviceType", deviceType);
        named.put("ip", ip);
        named.put("country", country);
        named.put("type", type);
        named.put("startedBefore", startedBefore);
        named.put("startedAfter", startedAfter);
        named.values().removeIf(Objects::isNull);
        return named;
    }

    /** A string field; blank counts as absent, as an empty query parameter does in the listing. */
    private static String text(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() || value.asText().isBlank() ? null : value.asText();
    }

    private static Long time(JsonNode json, String name) {
        JsonNode value = json.get(name);
        return value == null || value.isNull() ? null : value.asLong();
    }
}
