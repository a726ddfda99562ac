package dev.sessioncontrol.keycloak.sessions;

import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The one path by which this extension ends a session, regular or offline, whatever the reason: Keycloak's
 * back-channel logout (every client with a back-channel logout URL is told, the identity cookie of that session
 * expires, the session is removed so its refresh tokens fail with {@code invalid_grant}, an offline session is
 * revoked, a brokered session is logged out upstream), then a {@code LOGOUT} event with the reason, what the history
 * shows of the session ({@link EndingDetails}, read before it is gone) and the caller's details.
 */
final class SessionTerminator {

    private static final Logger LOG = Logger.getLogger(SessionTerminator.class);

    private SessionTerminator() {}

    /**
     * @param actor   the client on whose behalf the session is ended, recorded on the event; may be null
     * @param details extra event details (for example the policy that decided)
     */
    public static void end(
            KeycloakSession session,
            RealmModel realm,
            UserSessionModel userSession,
            EndReason reason,
            ClientModel actor,
            Map<String, String> details) {
        KeycloakContext context = session.getContext();
        // A job run after the request (the policy's re-check) may have no client connection.
        EventBuilder event = (context.getConnection() == null
                        ? new EventBuilder(realm, session)
                        : new EventBuilder(realm, session, context.getConnection()))
                .event(EventType.LOGOUT)
                .user(userSession.getUser())
                .session(userSession)
                .detail(EndReason.DETAIL, reason.value());
        EndingDetails.of(userSession).forEach(event::detail);
        if (actor != null) {
            event.client(actor);
        }
        details.forEach(event::detail);

        LOG.debugf("Ending session %s of realm %s (%s)", userSession.getId(), realm.getName(), reason.value());
        AuthenticationManager.backchannelLogout(
                session,
                realm,
                userSession,
                context.getUri(),
                context.getConnection(),
                context.getRequestHeaders(),
                true);
        event.success();
    }
}
