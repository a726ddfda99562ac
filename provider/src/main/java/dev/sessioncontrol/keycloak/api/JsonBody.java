package dev.sessioncontrol.keycloak.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one reading of a JSON request body: one object, nothing after it, or a 400 that says what is wrong. */
final class JsonBody {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonBody() {}

    /**
     * @param required the error when the body is blank or no JSON object, e.g. "a JSON object is required"
     */
    static JsonNode object(String body, String required) {
        if (body == null || body.isBlank()) {
            throw ApiErrors.badRequest(required);
        }
        JsonNode json;
        try {
            json = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiErrors.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw ApiErrors.badRequest(required);
        }
        return json;
    }
}
