package dev.sessioncontrol.keycloak.events;

import java.util.Set;

import dev.sessioncontrol.keycloak.sessions.SessionStamp;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * Runs on the request thread, inside the request's transaction, for every realm. A session that carries no
 * device type yet is new: it gets one (another global listener may have stamped it first in the same request;
 * {@link SessionStamp#stampNewSession} is idempotent). Token refreshes update the last address only when it changed.
 */
final class SessionTrackingEventListener implements EventListenerProvider {

    /** Events after which a user session may have just been created. */
    private static final Set<EventType> SESSION_CREATING = Set.of(EventType.LOGIN, EventType.TOKEN_EXCHANGE,
            EventType.AUTHREQID_TO_TOKEN, EventType.OAUTH2_DEVICE_CODE_TO_TOKEN, EventType.IMPERSONATE);
    /** Events that show a session in use from some address. */
    private static final Set<EventType> SESSION_USING = Set.of(EventType.REFRESH_TOKEN, EventType.CODE_TO_TOKEN);

    private final KeycloakSession session;

    SessionTrackingEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        boolean creating = SESSION_CREATING.contains(event.getType());
        if ((!creating && !SESSION_USING.contains(event.getType())) || event.getSessionId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, event.getSessionId());
        if (userSession == null
                || userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            return;
        }
        if (creating) {
            SessionStamp.stampNewSession(session, userSession, realm.getClientByClientId(event.getClientId()),
                    SessionStamp.channelOf(session, event), SessionStamp.userAgentOf(session));
        }
        SessionStamp.touchAddress(userSession, event.getIpAddress());
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Admin events create no sessions.
    }

    @Override
    public void close() {
    }
}
