package dev.sessioncontrol.keycloak.events;

import java.util.Set;

import dev.sessioncontrol.keycloak.device.SignInChannel;
import dev.sessioncontrol.keycloak.sessions.SessionStamp;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Runs on the request thread, inside the request's transaction, for every realm. A session that carries no
 * device type yet is new: it gets one. Token refreshes update the last address only when it changed.
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
        if (userSession == null || userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            return;
        }
        if (creating) {
            SessionStamp.stampDeviceType(userSession, realm.getClientByClientId(event.getClientId()), channel(event),
                    userAgent());
        }
        SessionStamp.touchAddress(userSession, event.getIpAddress());
    }

    /**
     * A login with a grant type happened at the token endpoint; one without came through the browser, except the
     * approval of a device grant (RFC 8628), whose session belongs to the device, not to the approving browser.
     */
    private SignInChannel channel(Event event) {
        boolean tokenEndpoint = switch (event.getType()) {
            case LOGIN -> event.getDetails() != null && event.getDetails().containsKey(Details.GRANT_TYPE)
                    || isDeviceGrantApproval();
            case IMPERSONATE -> false;
            default -> true;
        };
        return tokenEndpoint ? SignInChannel.TOKEN_ENDPOINT : SignInChannel.BROWSER;
    }

    private boolean isDeviceGrantApproval() {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        return authSession != null && DeviceGrantType.isOAuth2DeviceVerificationFlow(authSession);
    }

    private String userAgent() {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        return headers == null ? null : headers.getHeaderString(HttpHeaders.USER_AGENT);
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        // Admin events create no sessions.
    }

    @Override
    public void close() {
    }
}
