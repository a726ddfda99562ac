package dev.sessioncontrol.keycloak.api;

import dev.sessioncontrol.keycloak.sessions.EndedSession;
import java.util.List;

/**
 * The answer of the history routes.
 *
 * @param eventsStored whether the realm stores {@code LOGOUT} events at all; when not, {@code items} is empty
 */
public record HistoryPage(boolean eventsStored, List<EndedSession> items) {

    static HistoryPage off() {
        return new HistoryPage(false, List.of());
    }
}
