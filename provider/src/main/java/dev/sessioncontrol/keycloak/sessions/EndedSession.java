package dev.sessioncontrol.keycloak.sessions;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * One ended session as the history shows it, read back from a stored {@code LOGOUT} event. A sign-out through an
 * application (Keycloak's own event) has no reason and none of what this extension records: its type, device and
 * start are null, its address is the event's, its one client the application that signed out.
 *
 * @param ended     when the session ended, epoch milliseconds
 * @param reason    {@link EndReason#value()}, or null for a sign-out through an application
 * @param ipAddress the sign-in address (where the session was used), not the address of whoever ended it
 * @param location  where the sign-in address is, named in the caller's language; null when not known
 * @param started   when the session started, epoch milliseconds; null when not recorded
 */
public record EndedSession(
        String sessionId,
        SessionType type,
        String userId,
        String username,
        long ended,
        String reason,
        String deviceType,
        SessionView.Device device,
        String ipAddress,
        SessionView.Location location,
        List<SessionView.ClientRef> clients,
        Long started) {

    /**
     * A stored {@code LOGOUT} event, as Keycloak's event store keeps it.
     *
     * @param clientId the clientId of the client on whose behalf the session ended, or null
     */
    record StoredLogout(
            long time,
            String userId,
            String sessionId,
            String ipAddress,
            String clientId,
            Map<String, String> details) {

        public StoredLogout {
            details = details == null ? Map.of() : details;
        }
    }

    /**
     * The item of a stored event.
     *
     * @param usernames   user id to username, null for a user who no longer exists
     * @param clientNames clientId to the client's display name, null for a client that no longer exists
     */
    static EndedSession of(
            StoredLogout event,
            Function<String, String> usernames,
            Function<String, String> clientNames,
            Locale locale) {
        Map<String, String> details = event.details();
        EndReason reason = EndReason.parse(details.get(EndReason.DETAIL)).orElse(null);
        String username = event.userId() == null ? null : usernames.apply(event.userId());
        if (username == null) {
            username = details.get(EndingDetails.USERNAME);
        }
        String signInIp = details.get(EndingDetails.SIGN_IN_IP);
        Place place = Place.ofNote(details.get(EndingDetails.SIGN_IN_PLACE));
        List<String> clientIds = EndingDetails.clientIds(details.get(EndingDetails.CLIENTS));
        if (clientIds.isEmpty() && reason == null && event.clientId() != null) {
            clientIds = List.of(event.clientId());
        }
        List<SessionView.ClientRef> clients = clientIds.stream()
                .map(id -> {
                    String name = clientNames.apply(id);
                    return new SessionView.ClientRef(id, name == null ? id : name);
                })
                .toList();
        return new EndedSession(
                event.sessionId(),
                SessionType.parse(details.get(EndingDetails.SESSION_TYPE)).orElse(null),
                event.userId(),
                username,
                event.time(),
                reason == null ? null : reason.value(),
                details.get(EndingDetails.DEVICE_TYPE),
                EndingDetails.device(details.get(EndingDetails.DEVICE)),
                signInIp != null ? signInIp : reason == null ? event.ipAddress() : null,
                place == null ? null : place.location(locale),
                clients,
                epochMillis(details.get(EndingDetails.STARTED)));
    }

    private static Long epochMillis(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
