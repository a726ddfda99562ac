package dev.sessioncontrol.keycloak.policy;

import java.util.Set;

import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.sessions.SessionStamp;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * Enforces the policy after every event that may have created a user session, in every realm, with stock
 * flows. Runs on the request thread inside the request's transaction, in no defined order with the session
 * tracking listener: both ask {@link SessionStamp#stampNewSession}, so whichever runs first stamps the device
 * type and both learn the session is new.
 */
final class PolicyEventListener implements EventListenerProvider {

    /**
     * Events after which a user session may have just been created. Impersonation is left out on purpose: an
     * admin acting as a user must not sign the user out.
     */
    private static final Set<EventType> SESSION_CREATING = Set.of(EventType.LOGIN, EventType.TOKEN_EXCHANGE,
            EventType.AUTHREQID_TO_TOKEN, EventType.OAUTH2_DEVICE_CODE_TO_TOKEN);

    private final KeycloakSession session;
    private final PolicyEnforcer enforcer;

    PolicyEventListener(KeycloakSession session, PolicyEnforcer enforcer) {
        this.session = session;
        this.enforcer = enforcer;
    }

    @Override
    public void onEvent(Event event) {
        if (!SESSION_CREATING.contains(event.getType()) || event.getSessionId() == null || event.getError() != null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null || !Policy.of(SessionControlConfig.of(realm)).enabled()) {
            return;
        }
        UserSessionModel userSession = session.sessions().getUserSession(realm, event.getSessionId());
        if (userSession == null || userSession.isOffline()
                || userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            return;
        }
        ClientModel client = event.getClientId() == null ? null : realm.getClientByClientId(event.getClientId());
        String deviceType = SessionStamp.stampNewSession(session, userSession, client,
                SessionStamp.channelOf(session, event), SessionStamp.userAgentOf(session));
        if (deviceType == null) {
            return; // an existing session (SSO into another client, a refresh): not a new sign-in
        }
        enforcer.enforce(session, realm, userSession, deviceType, client);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Admin events create no sessions.
    }

    @Override
    public void close() {
    }
}
