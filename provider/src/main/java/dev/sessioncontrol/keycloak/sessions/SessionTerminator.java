package dev.sessioncontrol.keycloak.sessions;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.constants.AdapterConstants;
import org.keycloak.cookie.CookieType;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The one path by which this extension ends a session, regular or offline, whatever the reason: Keycloak's
 * back-channel logout (every client with a back-channel logout URL is told, the identity cookie of that session
 * expires, the session is removed so its refresh tokens fail with {@code invalid_grant}, an offline session is
 * revoked, a brokered session is logged out upstream), then a {@code LOGOUT} event with the reason, what the history
 * shows of the session ({@link EndingDetails}, read before it is gone) and the caller's details.
 *
 * <p>When Keycloak's logout would tell nobody (see {@link #nobodyToTell}), the session is removed directly: the same
 * end, without the logout's bookkeeping (two state writes of the session and a logout authentication session, each
 * written to the other nodes), which is most of what ending costs a sign-in under the policy.
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
        if (nobodyToTell(context.getRequestHeaders(), userSession)) {
            if (userSession.isOffline()) {
                session.sessions().removeOfflineUserSession(realm, userSession);
            } else {
                session.sessions().removeUserSession(realm, userSession);
            }
            event.success();
            return;
        }
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

    /**
     * Whether Keycloak's back-channel logout of this session would send nothing and change nothing but the session:
     * no identity provider to log out upstream, no identity cookie of the request to expire, and no client session
     * whose client Keycloak would call (an enabled OpenID Connect client without front-channel logout that has a
     * back-channel logout URL, or an admin URL and an adapter session; or a client of another protocol).
     */
    static boolean nobodyToTell(HttpHeaders headers, UserSessionModel userSession) {
        if (userSession.getNote(Details.IDENTITY_PROVIDER) != null) {
            return false;
        }
        if (headers != null && headers.getCookies().containsKey(CookieType.IDENTITY.getName())) {
            return false;
        }
        for (AuthenticatedClientSessionModel clientSession :
                userSession.getAuthenticatedClientSessions().values()) {
            if (mayBeCalled(clientSession)) {
                return false;
            }
        }
        return true;
    }

    private static boolean mayBeCalled(AuthenticatedClientSessionModel clientSession) {
        ClientModel client = clientSession.getClient();
        String protocol = clientSession.getProtocol();
        if (client == null
                || protocol == null
                || !client.isEnabled()
                || client.isFrontchannelLogout()
                || AuthenticationSessionModel.Action.LOGGED_OUT.name().equals(clientSession.getAction())) {
            return false;
        }
        if (!OIDCLoginProtocol.LOGIN_PROTOCOL.equals(protocol)) {
            return true;
        }
        if (OIDCAdvancedConfigWrapper.fromClientModel(client).getBackchannelLogoutUrl() != null) {
            return true;
        }
        // A legacy adapter's admin URL is called only for the adapter sessions it reported at sign-in.
        String adminUrl = client.getManagementUrl();
        return adminUrl != null
                && !adminUrl.isEmpty()
                && clientSession.getNote(AdapterConstants.CLIENT_SESSION_STATE) != null;
    }
}
