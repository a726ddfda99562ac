package dev.sessioncontrol.keycloak.casdoor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON body of add-, update- and delete-session, as the SDKs send it:
 * {@code {"owner","name","application","createdTime","sessionId":[...],"ExclusiveSignin"}}. Unknown fields are
 * ignored, as Go's decoder does; wrong types and values beyond {@link CasdoorBounds} are errors.
 */
record SessionBody(
        String owner,
        String name,
        String application,
        String createdTime,
        List<String> sessionId,
        boolean exclusiveSignin) {

    static final String MALFORMED = "malformed JSON body: expected a session object";

    private static final ObjectMapper JSON = new ObjectMapper();

    SessionBody {
        sessionId = sessionId == null ? List.of() : List.copyOf(sessionId);
    }

    static SessionBody parse(String body) {
        CasdoorBounds.checkBody(body);
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new CasdoorException(MALFORMED);
        }
        if (root == null || !root.isObject()) {
            throw new CasdoorException(MALFORMED);
        }
        return new SessionBody(
                CasdoorBounds.check("owner", text(root, "owner"), CasdoorBounds.MAX_NAME),
                CasdoorBounds.check("name", text(root, "name"), CasdoorBounds.MAX_NAME),
                CasdoorBounds.check("application", text(root, "application"), CasdoorBounds.MAX_NAME),
                CasdoorBounds.check("createdTime", text(root, "createdTime"), CasdoorBounds.MAX_CREATED_TIME),
                CasdoorBounds.checkIds(ids(root.get("sessionId"))),
                bool(root.get("ExclusiveSignin")));
    }

    /** The record this body names; owner, name and application are all required. */
    SessionPkId pkId() {
        if (isBlank(owner) || isBlank(name) || isBlank(application)) {
            throw new CasdoorException("owner, name and application are required");
        }
        return new SessionPkId(owner, name, application);
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new CasdoorException(MALFORMED);
        }
        return node.textValue();
    }

    private static List<String> ids(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new CasdoorException(MALFORMED);
        }
        List<String> ids = new ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual()) {
                throw new CasdoorException(MALFORMED);
            }
            if (!id.textValue().isBlank()) {
                ids.add(id.textValue());
            }
        }
        return ids;
    }

    private static boolean bool(JsonNode node) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            throw new CasdoorException(MALFORMED);
        }
        return node.booleanValue();
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
