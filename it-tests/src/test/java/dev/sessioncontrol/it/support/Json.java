package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Jackson in one place: parsing, writing, and reading JWT payloads (unverified). */
public final class Json {

    public static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Json() {}

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Parses JSON text; throws if it is not JSON. */
    public static JsonNode parse(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + abbreviate(text, 300), e);
        }
    }

    /** Parses JSON text, or returns null when it is empty or not JSON. */
    public static JsonNode tryParse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Writes an object as JSON; a String is taken to be JSON already. */
    public static String write(Object value) {
        if (value instanceof String s) {
            return s;
        }
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The elements of a JSON array (an empty list for null or a non-array). */
    public static List<JsonNode> list(JsonNode array) {
        List<JsonNode> result = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(result::add);
        }
        return result;
    }

    /** The claims of a JWT, decoded WITHOUT verifying its signature: test code only. */
    public static JsonNode jwtClaims(String jwt) {
        return parse(base64UrlDecode(jwtPart(jwt, 1)));
    }

    /** The JOSE header of a JWT, unverified. */
    public static JsonNode jwtHeader(String jwt) {
        return parse(base64UrlDecode(jwtPart(jwt, 0)));
    }

    static String jwtPart(String jwt, int index) {
        String[] parts = jwt.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a compact JWS: " + abbreviate(jwt, 60));
        }
        return parts[index];
    }

    static String base64UrlDecode(String part) {
        return new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8);
    }

    static String abbreviate(String text, int max) {
        if (text == null) {
            return "null";
        }
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
