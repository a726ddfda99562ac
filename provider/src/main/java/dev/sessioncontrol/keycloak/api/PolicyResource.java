package dev.sessioncontrol.keycloak.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessioncontrol.keycloak.config.PolicySettings;
import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Iterator;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/session-control/policy}: the realm's policy object, {@link PolicySettings} as JSON.
 * Reading needs {@code view-realm}, writing {@code manage-realm}. A PUT may send only the fields it changes; the
 * others keep their values. Unknown fields, wrong JSON types and values {@link PolicySettings#validate()} refuses
 * are a 400 naming the field, never a 500.
 */
public final class PolicyResource {

    /** Strict binding: no coercion between strings, numbers and booleans, no fractions for whole numbers. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    PolicyResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode get() {
        auth.realm().requireViewRealm();
        return toJson(SessionControlConfig.of(realm).settings());
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public JsonNode put(String body) {
        auth.realm().requireManageRealm();
        PolicySettings updated = merge(SessionControlConfig.of(realm).settings(), body);
        if (updated.exemptRole() != null && realm.getRole(updated.exemptRole()) == null) {
            throw ApiErrors.badRequest("unknown realm role '" + updated.exemptRole() + "' for exemptRole");
        }
        SessionControlConfig.of(realm).write(updated);
        ObjectNode representation = toJson(updated);
        adminEvent
                .clone(session)
                .operation(OperationType.UPDATE)
                .resource(ResourceType.REALM)
                .resourcePath(session.getContext().getUri())
                .representation(representation)
                .success();
        return representation;
    }

    /** The current settings with the fields the JSON body names replaced, bound and checked. */
    static PolicySettings merge(PolicySettings current, String body) {
        JsonNode changes = JsonBody.object(body, "a JSON object is required");
        ObjectNode merged = toJson(current);
        for (Iterator<String> names = changes.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!merged.has(name)) {
                throw ApiErrors.badRequest("unknown field '" + name + "'; use " + fieldNames(merged));
            }
        }
        merged.setAll((ObjectNode) changes);
        PolicySettings bound;
        try {
            bound = JSON.treeToValue(merged, PolicySettings.class);
        } catch (JsonMappingException e) {
            throw ApiErrors.badRequest(wrongValue(e));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiErrors.badRequest("a policy object is required");
        }
        try {
            return bound.validate();
        } catch (IllegalArgumentException e) {
            throw ApiErrors.badRequest(e.getMessage());
        }
    }

    /** The field a binding failure is about, and what that field accepts (from the record's component type). */
    private static String wrongValue(JsonMappingException e) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(0).getFieldName();
        Class<?> type = field == null
                ? null
                : Arrays.stream(PolicySettings.class.getRecordComponents())
                        .filter(c -> c.getName().equals(field))
                        .map(RecordComponent::getType)
                        .findFirst()
                        .orElse(null);
        if (type == null) {
            return "a policy object is required";
        }
        if (type.isEnum()
                && e instanceof InvalidFormatException invalid
                && invalid.getValue() instanceof String value) {
            return "unknown " + field + " '" + value + "'; use " + expectedEnum(type);
        }
        return field + " must be " + expected(type);
    }

    private static String expected(Class<?> type) {
        if (type == int.class) {
            return "a whole number from 1 to " + PolicySettings.MAX_NUMBER;
        }
        if (type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "a string, one of " + expectedEnum(type);
        }
        return "a string or null";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String expectedEnum(Class<?> type) {
        return PolicySettings.allowed((Class) type);
    }

    private static String fieldNames(ObjectNode json) {
        StringBuilder names = new StringBuilder();
        json.fieldNames()
                .forEachRemaining(n -> names.append(names.isEmpty() ? "" : ", ").append(n));
        return names.toString();
    }

    private static ObjectNode toJson(PolicySettings settings) {
        return JSON.valueToTree(settings);
    }
}
