package dev.sessioncontrol.keycloak.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The body of {@code POST users/{userId}/incident-response}: what to do besides ending every session. Both default
 * to true, so that an empty body or {@code {}} does everything; anything but a JSON object of these two booleans is a
 * 400 naming what is wrong.
 *
 * @param requirePasswordUpdate add {@code UPDATE_PASSWORD} to the user's required actions
 * @param notifyUser            tell the user by e-mail
 */
record IncidentRequest(boolean requirePasswordUpdate, boolean notifyUser) {

    static final String REQUIRE_PASSWORD_UPDATE = "requirePasswordUpdate";
    static final String NOTIFY_USER = "notifyUser";

    /** Everything: what an empty body asks for. */
    static final IncidentRequest ALL = new IncidentRequest(true, true);

    static IncidentRequest parse(String body) {
        if (body == null || body.isBlank()) {
            return ALL;
        }
        JsonNode json = JsonBody.object(body, "a JSON object is required");
        Map<String, Boolean> values = new java.util.HashMap<>(Map.of(REQUIRE_PASSWORD_UPDATE, true, NOTIFY_USER, true));
        for (Iterator<Map.Entry<String, JsonNode>> fields = json.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            if (!values.containsKey(name)) {
                throw ApiErrors.badRequest(
                        "unknown field '" + name + "'; use " + REQUIRE_PASSWORD_UPDATE + ", " + NOTIFY_USER);
            }
            // No coercion: "false" or 0 is not a boolean, and a null would leave the meaning to a default.
            if (!field.getValue().isBoolean()) {
                throw ApiErrors.badRequest(name + " must be true or false");
            }
            values.put(name, field.getValue().booleanValue());
        }
        return new IncidentRequest(values.get(REQUIRE_PASSWORD_UPDATE), values.get(NOTIFY_USER));
    }
}
