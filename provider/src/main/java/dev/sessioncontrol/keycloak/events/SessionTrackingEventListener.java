package dev.sessioncontrol.keycloak.events;

import dev.sessioncontrol.keycloak.device.DeviceTypeResolver;
import dev.sessioncontrol.keycloak.geo.PlaceWatch;
import dev.sessioncontrol.keycloak.notify.NewDeviceNotifier;
import dev.sessioncontrol.keycloak.policy.ConcurrentLoginPolicy;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import java.util.Set;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.util.TokenUtil;

/**
 * The extension's one event listener, for every realm, on the request thread inside the request's transaction. A
 * session that carries no device type yet is new: it is stamped (device type, sign-in instant), the kept counts of
 * every node include it once the request commits, and then the realm's concurrent-login policy is applied to it
 * (not after an impersonation: an admin acting as a user must not sign the user out). An offline token issued by
 * the event makes the sign-in's offline session counted too. Token refreshes update the last address only when it
 * changed. Sign-outs by Keycloak itself make the kept counts recount.
 */
final class SessionTrackingEventListener implements EventListenerProvider {

    /** Events after which a user session may have just been created. */
    private static final Set<EventType> SESSION_CREATING = Set.of(
            EventType.LOGIN,
            EventType.TOKEN_EXCHANGE,
            EventType.AUTHREQID_TO_TOKEN,
            EventType.OAUTH2_DEVICE_CODE_TO_TOKEN,
            EventType.IMPERSONATE);
    /** Events after which a session may have ended without this extension. */
    private static final Set<EventType> ENDING_ELSEWHERE = Set.of(EventType.LOGOUT, EventType.USER_SESSION_DELETED);
    /** Events that show a session in use from some address. */
    private static final Set<EventType> SESSION_USING = Set.of(EventType.REFRESH_TOKEN, EventType.CODE_TO_TOKEN);

    private final KeycloakSession session;
    private final ConcurrentLoginPolicy policy;
    private final NewDeviceNotifier notifier;

    SessionTrackingEventListener(KeycloakSession session, ConcurrentLoginPolicy policy, NewDeviceNotifier notifier) {
        this.session = session;
        this.policy = policy;
        this.notifier = notifier;
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
        boolean offlineToken = event.getDetails() != null
                && TokenUtil.TOKEN_TYPE_OFFLINE.equals(event.getDetails().get(Details.REFRESH_TOKEN_TYPE));
        // An offline token was issued or used: the event is about the offline session. A first sign-in for offline
        // access (password grant, or a code flow without an SSO session) leaves only that one: Keycloak removes the
        // regular session before the event.
        UserSessionModel offline =
                offlineToken ? session.sessions().getOfflineUserSession(realm, event.getSessionId()) : null;
        boolean issued = event.getType() != EventType.REFRESH_TOKEN;
        // The regular form is read only when it is the session of the event, or the offline one's twin just issued:
        // an offline refresh (the mobile app's every few minutes) does not look it up.
        UserSessionModel regular =
                offline == null || issued ? session.sessions().getUserSession(realm, event.getSessionId()) : null;
        UserSessionModel userSession = offline != null ? offline : regular;
        if (userSession == null
                || userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT) {
            return;
        }
        String newDeviceType = null;
        ClientModel client = event.getClientId() == null ? null : realm.getClientByClientId(event.getClientId());
        if (creating) {
            newDeviceType = SessionStamp.stampNewSession(
                    session,
                    userSession,
                    client,
                    SessionStamp.channelOf(session, event),
                    DeviceTypeResolver.userAgentOf(session));
        }
        boolean signedIn =
                newDeviceType != null && event.getType() != EventType.IMPERSONATE && event.getError() == null;
        // Before the offline twin is stamped, so that it gets the flags too.
        PlaceWatch.Sighting place = signedIn ? PlaceWatch.signedIn(session, realm, userSession) : null;
        if (offline != null && issued) {
            // Issued now (a refresh only uses an offline session that existed before, perhaps before the extension).
            SessionStamp.stampOfflineTwin(session, offline, regular);
        }
        SessionStamp.touchAddress(session, userSession, event.getIpAddress());
        if (signedIn) {
            policy.signedIn(session, realm, userSession, newDeviceType, client);
            notifier.signedIn(
                    session,
                    realm,
                    userSession,
                    client,
                    newDeviceType,
                    new NewDeviceNotifier.PlaceNews(place.newCountry(), place.from(), place.fromAt()));
        }
    }

    /**
     * A session ended without this extension (a sign-out through Keycloak, an expiry): the realm's kept counts
     * cannot follow it, so they are recounted soon, on every node. Endings by this extension are skipped: its
     * counts already follow them.
     */
    private void endedElsewhere(Event event) {
        if (event.getError() != null
                || event.getSessionId() != null && SessionService.endedInThisRequest(session, event.getSessionId())) {
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
                || type == ResourceType.USER
                        && (event.getOperationType() == OperationType.DELETE || path.endsWith("/logout"))
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
    public void close() {}
}
