package dev.sessioncontrol.keycloak.casdoor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Writes Casdoor's envelope and records. Written by hand rather than through Keycloak's JSON provider, which drops
 * null fields: Casdoor's clients expect every key, in Casdoor's order, nulls included.
 */
final class CasdoorJson {

    static final String AFFECTED = "Affected";
    static final String UNAFFECTED = "Unaffected";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private CasdoorJson() {}

    static String ok(Object data) {
        return ok(data, null);
    }

    static String ok(Object data, Long data2) {
        return envelope("ok", "", toNode(data), data2 == null ? NODES.nullNode() : NODES.numberNode(data2));
    }

    static String affected(boolean changed) {
        return ok(changed ? AFFECTED : UNAFFECTED);
    }

    static String error(String message) {
        return envelope("error", message, NODES.nullNode(), NODES.nullNode());
    }

    private static String envelope(String status, String msg, JsonNode data, JsonNode data2) {
        ObjectNode root = NODES.objectNode();
        root.put("status", status);
        root.put("msg", msg);
        root.put("sub", "");
        root.put("name", "");
        root.set("data", data);
        root.set("data2", data2);
        root.putNull("data3");
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode toNode(Object data) {
        if (data == null) {
            return NODES.nullNode();
        }
        if (data instanceof String s) {
            return NODES.textNode(s);
        }
        if (data instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (data instanceof CasdoorRecord r) {
            return record(r);
        }
        if (data instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(item -> array.add(toNode(item)));
            return array;
        }
        throw new IllegalArgumentException("not a Casdoor value: " + data.getClass());
    }

    static ObjectNode record(CasdoorRecord r) {
        ObjectNode node = NODES.objectNode();
        node.put("owner", r.owner());
        node.put("name", r.name());
        node.put("application", r.application());
        node.put("createdTime", r.createdTime());
        ArrayNode ids = node.putArray("sessionId");
        r.sessionId().forEach(ids::add);
        node.put("ExclusiveSignin", r.exclusiveSignin());
        ArrayNode infos = node.putArray("sessionInfos");
        for (CasdoorRecord.SessionInfo info : r.sessionInfos()) {
            ObjectNode i = infos.addObject();
            i.put("sessionId", info.sessionId());
            i.put("ip", info.ip());
            i.put("userAgent", info.userAgent());
            i.put("lastActiveTime", info.lastActiveTime());
            i.put("deviceType", info.deviceType());
        }
        return node;
    }
}
