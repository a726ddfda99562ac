package dev.sessioncontrol.keycloak.events;

import java.util.Set;

import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.SessionStamp;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * Runs on the request thread, inside the request's transaction, for every realm. A session that carries no
 * device type yet is new: it gets one (another global listener may have stamped it first in the same request;
 * {@link SessionStamp#stampNewSession} is idempotent), and the kept counts of every node include it once the
 * request commits. Token refreshes update the last address only when it changed. Sign-outs by Keycloak itself
 * make the kept counts recount.
 */
final class SessionTrackingEventListener implements EventListenerProvider {

    /** Events after which a user session may have just been created. */
    private static final Set<EventType> SESSION_CREATING = Set.of(EventType.LOGIN, EventType.TOKEN_EXCHANGE,
            EventType.AUTHREQID_TO_TOKEN, EventType.OAUTH2_DEVICE_CODE_TO_TOKEN, EventType.IMPERSONATE);
    /** Events after which a session may have ended without this extension. */
    private static final Set<EventType> ENDING_ELSEWHERE = Set.of(EventType.LOGOUT, EventType.USER_SESSION_DELETED);
    /** Events that show a session in use from some address. */
    private static final Set<EventType> SESSION_USING = Set.of(EventType.REFRESH_TOKEN, EventType.CODE_TO_TOKEN);

    private final KeycloakSession session;

    SessionTrackingEventListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        if (ENDING_ELSEWHERE.contains(event.getType())) {
            endedElsewhere(event);
            return;
        }
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

    /**
     * A session ended without this extension (a sign-out through Keycloak, an expiry): the realm's kept counts
     * cannot follow it, so they are recounted soon, on every node. Endings by this extension are skipped: its
     * counts already follow them.
     */
    private void endedElsewhere(Event event) {
        if (event.getError() != null || event.getSessionId() != null
                && SessionService.endedInThisRequest(session, event.getSessionId())) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm != null) {
            new SessionService(session, realm).changedElsewhere();
        }
    }

    /** Keycloak's own admin routes that end sessions (one, a user's, all of the realm's, a deleted user's). */
    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        ResourceType type = event.getResourceType();
        String path = event.getResourcePath() == null ? "" : event.getResourcePath();
        boolean ending = type == ResourceType.USER_SESSION
                || type == ResourceType.USER && (event.getOperationType() == OperationType.DELETE
                        || path.endsWith("/logout"))
                || type == ResourceType.REALM && path.contains("logout-all");
        if (!ending || path.contains("session-control")) {
            return; // this extension's own admin routes: its counts follow them already
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm != null) {
            new SessionService(session, realm).changedElsewhere();
        }
    }

    @Override
    public void close() {
    }
}
