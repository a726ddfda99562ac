package dev.sessioncontrol.keycloak.sessions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Keycloak's stored form of a session (the {@code DATA} column of its session table): what this extension reads. */
final class SessionJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SessionJson() {}

    /** The parsed data, or null when there is none or it cannot be read. */
    static JsonNode read(String data) {
        if (data == null) {
            return null;
        }
        try {
            return JSON.readTree(data);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** The session's notes in parsed data, or null. */
    static JsonNode notes(JsonNode root) {
        return root == null ? null : root.path("notes");
    }

    /** A text field of a JSON object, or null when the object or the field is absent or not text. */
    static String text(JsonNode node, String name) {
        JsonNode value = node == null ? null : node.path(name);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** A string as JSON writes it (quoted, escaped): how Keycloak's stored data spells a note's name or value. */
    static String quoted(String value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
