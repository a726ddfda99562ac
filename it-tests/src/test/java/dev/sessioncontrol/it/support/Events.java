package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;

/** Waits for a stored user event: events are saved in the request's transaction, but tests may race it. */
public final class Events {

    private Events() {}

    public static JsonNode await(TestRealm realm, String type, String sessionId) {
        return Poll.value(
                "a " + type + " event for session " + sessionId,
                Duration.ofSeconds(10),
                () -> realm.userEvents(type).stream()
                        .filter(event ->
                                sessionId.equals(event.path("sessionId").asText()))
                        .findFirst()
                        .orElse(null));
    }
}
