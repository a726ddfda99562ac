package dev.sessioncontrol.keycloak.api;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sessioncontrol.keycloak.config.ConcurrentLoginMode;
import dev.sessioncontrol.keycloak.config.LimitAction;
import dev.sessioncontrol.keycloak.config.PolicySettings;
import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/session-control/policy}: the realm's policy object. Reading needs
 * {@code view-realm}, writing {@code manage-realm}. A PUT may send only the fields it changes; the others keep
 * their values. Bad input is a 400 with a message, never a 500.
 */
public final class PolicyResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of("mode", "maxSessionsPerDeviceType", "action", "exemptRole",
            "deviceTypeFromUserAgent", "excessiveSessionThreshold", "newSignInEmail");
    /** Large enough for any real limit, small enough that nobody types a number by mistake. */
    private static final int MAX_NUMBER = 10_000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    PolicyResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> get() {
        auth.realm().requireViewRealm();
        return toJson(SessionControlConfig.of(realm).settings());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> put(String body) {
        auth.realm().requireManageRealm();
        PolicySettings updated = merge(SessionControlConfig.of(realm).settings(), parse(body));
        if (updated.exemptRole() != null && realm.getRole(updated.exemptRole()) == null) {
            throw ApiErrors.badRequest("unknown realm role '" + updated.exemptRole() + "' for exemptRole");
        }
        SessionControlConfig.of(realm).write(updated);
        Map<String, Object> representation = toJson(updated);
        adminEvent.clone(session).operation(OperationType.UPDATE).resource(ResourceType.REALM)
                .resourcePath(session.getContext().getUri())
                .representation(representation)
                .success();
        return representation;
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw ApiErrors.badRequest("a JSON object is required");
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiErrors.badRequest("malformed JSON: " + e.getOriginalMessage());
        }
        if (json == null || !json.isObject()) {
            throw ApiErrors.badRequest("a JSON object is required");
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw ApiErrors.badRequest("unknown field '" + name + "'; use "
                        + String.join(", ", FIELDS.stream().sorted().toList()));
            }
        }
        return json;
    }

    /** The current settings with the fields the JSON names replaced, each checked. */
    static PolicySettings merge(PolicySettings current, JsonNode json) {
        return new PolicySettings(
                field(json, "mode", (v, f) -> enumValue(ConcurrentLoginMode.class, v, f), current.mode()),
                field(json, "maxSessionsPerDeviceType", PolicyResource::number, current.maxSessionsPerDeviceType()),
                field(json, "action", (v, f) -> enumValue(LimitAction.class, v, f), current.action()),
                field(json, "exemptRole", (v, f) -> role(v), current.exemptRole()),
                field(json, "deviceTypeFromUserAgent", PolicyResource::bool, current.deviceTypeFromUserAgent()),
                field(json, "excessiveSessionThreshold", PolicyResource::number, current.excessiveSessionThreshold()),
                field(json, "newSignInEmail", PolicyResource::bool, current.newSignInEmail()));
    }

    private static <T> T field(JsonNode json, String name, BiFunction<JsonNode, String, T> parse, T current) {
        return json.has(name) ? parse.apply(json.get(name), name) : current;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode value, String field) {
        String allowed = allowed(type);
        if (value == null || !value.isTextual()) {
            throw ApiErrors.badRequest(field + " must be a string; use " + allowed);
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value.asText())) {
                return constant;
            }
        }
        throw ApiErrors.badRequest("unknown " + field + " '" + value.asText() + "'; use " + allowed);
    }

    /** "A, B or C", as the error messages name the allowed values. */
    private static <E extends Enum<E>> String allowed(Class<E> type) {
        String[] names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
        if (names.length == 1) {
            return names[0];
        }
        return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", "))
                + " or " + names[names.length - 1];
    }

    private static int number(JsonNode value, String field) {
        if (value == null || !value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_NUMBER) {
            throw ApiErrors.badRequest(field + " must be a whole number from 1 to " + MAX_NUMBER);
        }
        return value.asInt();
    }

    private static boolean bool(JsonNode value, String field) {
        if (value == null || !value.isBoolean()) {
            throw ApiErrors.badRequest(field + " must be true or false");
        }
        return value.asBoolean();
    }

    private static String role(JsonNode value) {
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > 255) {
            throw ApiErrors.badRequest("exemptRole must be a realm role name or null");
        }
        return value.asText().trim();
    }

    private static Map<String, Object> toJson(PolicySettings s) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("mode", s.mode().name());
        json.put("maxSessionsPerDeviceType", s.maxSessionsPerDeviceType());
        json.put("action", s.action().name());
        json.put("exemptRole", s.exemptRole());
        json.put("deviceTypeFromUserAgent", s.deviceTypeFromUserAgent());
        json.put("excessiveSessionThreshold", s.excessiveSessionThreshold());
        json.put("newSignInEmail", s.newSignInEmail());
        return json;
    }
}
