package dev.sessioncontrol.keycloak.sessions;

import java.util.HashSet;
import java.util.Set;

import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.device.DeviceTypeResolver;
import dev.sessioncontrol.keycloak.device.DeviceTypes;
import dev.sessioncontrol.keycloak.device.SignInChannel;
import jakarta.ws.rs.core.HttpHeaders;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.sessions.AuthenticationSessionModel;

/** Writes this extension's notes on a session: the device type once, the last address when it changes. */
public final class SessionStamp {

    /**
     * Ids of the sessions stamped during this request, kept on the {@link KeycloakSession} (one per request).
     * Several global listeners see the same event in no defined order; the first stamps, and all of them must
     * still learn that the session was created in this request, which the note alone can no longer tell.
     */
    private static final String STAMPED_IN_REQUEST = SessionStamp.class.getName() + ".stamped-in-request";

    private SessionStamp() {
    }

    /**
     * Idempotent within a request: stamps the device type of a session that has none yet, and answers the same
     * for every caller of the same request.
     *
     * @return the session's device type when it was created in this request (stamped now or by an earlier
     *         caller of this request), or null when it existed before
     */
    public static String stampNewSession(KeycloakSession session, UserSessionModel s, ClientModel client,
            SignInChannel channel, String userAgent) {
        @SuppressWarnings("unchecked")
        Set<String> stamped = session.getAttribute(STAMPED_IN_REQUEST, Set.class);
        if (stamped != null && stamped.contains(s.getId())) {
            return s.getNote(SessionNotes.DEVICE_TYPE);
        }
        String type = stampDeviceType(s, client, channel, userAgent);
        if (type != null) {
            if (stamped == null) {
                stamped = new HashSet<>();
                session.setAttribute(STAMPED_IN_REQUEST, stamped);
            }
            stamped.add(s.getId());
            new SessionService(session, s.getRealm()).began(s); // once per new session: it is stamped once
        }
        return type;
    }

    /**
     * Records the device type of a session that has none yet.
     *
     * @return the device type written, or null when the session already had one (it is not new)
     */
    public static String stampDeviceType(UserSessionModel s, ClientModel client, SignInChannel channel,
            String userAgent) {
        if (s.getNote(SessionNotes.DEVICE_TYPE) != null) {
            return null;
        }
        String attribute = client == null ? null : client.getAttribute(DeviceTypes.CLIENT_ATTRIBUTE);
        String type = DeviceTypeResolver.resolve(attribute, channel,
                SessionControlConfig.of(s.getRealm()).deviceTypeFromUserAgent(), userAgent);
        s.setNote(SessionNotes.DEVICE_TYPE, type);
        return type;
    }

    /** Records the address a session was last used from; writes only when it differs from what is known. */
    public static void touchAddress(UserSessionModel s, String ipAddress) {
        if (ipAddress == null || ipAddress.isBlank()) {
            return;
        }
        String known = s.getNote(SessionNotes.LAST_IP);
        if (known == null) {
            known = s.getIpAddress();
        }
        if (!ipAddress.equals(known)) {
            s.setNote(SessionNotes.LAST_IP, ipAddress);
        }
    }

    /**
     * How the session of this event was created: a login with a grant type happened at the token endpoint, one
     * without came through the browser, except the approval of a device grant (RFC 8628), whose session belongs
     * to the device, not to the approving browser.
     */
    public static SignInChannel channelOf(KeycloakSession session, Event event) {
        boolean tokenEndpoint = switch (event.getType()) {
            case LOGIN -> event.getDetails() != null && event.getDetails().containsKey(Details.GRANT_TYPE)
                    || isDeviceGrantApproval(session);
            case IMPERSONATE -> false;
            default -> true;
        };
        return tokenEndpoint ? SignInChannel.TOKEN_ENDPOINT : SignInChannel.BROWSER;
    }

    private static boolean isDeviceGrantApproval(KeycloakSession session) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        return authSession != null && DeviceGrantType.isOAuth2DeviceVerificationFlow(authSession);
    }

    /** The User-Agent of the current request, or null. */
    public static String userAgentOf(KeycloakSession session) {
        HttpHeaders headers = session.getContext().getRequestHeaders();
        return headers == null ? null : headers.getHeaderString(HttpHeaders.USER_AGENT);
    }
}
