package dev.sessioncontrol.it;

import java.time.Duration;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.TestRealm;

/** Waits for a stored user event: events are saved in the request's transaction, but tests may race it. */
final class Events {

    private Events() {
    }

    static JsonNode await(TestRealm realm, String type, String sessionId) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            for (JsonNode event : realm.userEvents(type)) {
                if (sessionId.equals(event.path("sessionId").asText())) {
                    return event;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no " + type + " event for session " + sessionId);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
