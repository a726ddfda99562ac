package dev.sessioncontrol.keycloak.events;

import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.device.DeviceTypeResolver;
import dev.sessioncontrol.keycloak.device.DeviceTypes;
import dev.sessioncontrol.keycloak.device.SignInChannel;
import dev.sessioncontrol.keycloak.geo.PlaceLookup;
import dev.sessioncontrol.keycloak.sessions.AddressRange;
import dev.sessioncontrol.keycloak.sessions.Place;
import dev.sessioncontrol.keycloak.sessions.SessionNotes;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Event;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.grants.device.DeviceGrantType;
import org.keycloak.sessions.AuthenticationSessionModel;

/** Writes this extension's notes on a session: the device type once, the last address when it changes. */
final class SessionStamp {

    private SessionStamp() {}

    /**
     * Stamps a session that has no device type yet (it is new) and counts it.
     *
     * @return the device type written, or null when the session already had one (it existed before)
     */
    static String stampNewSession(
            KeycloakSession session, UserSessionModel s, ClientModel client, SignInChannel channel, String userAgent) {
        String type = stampDeviceType(s, client, channel, userAgent);
        if (type != null) {
            Place place = places(session).find(s.getIpAddress());
            if (place != null) {
                s.setNote(SessionNotes.PLACE, place.note());
            }
            if (s.isOffline()) {
                s.setNote(SessionNotes.OFFLINE_COUNTED, "1");
            }
            new SessionService(session, s.getRealm()).began(s); // once per new session: it is stamped once
        }
        return type;
    }

    /**
     * Records the device type of a session that has none yet.
     *
     * @return the device type written, or null when the session already had one (it is not new)
     */
    static String stampDeviceType(UserSessionModel s, ClientModel client, SignInChannel channel, String userAgent) {
        if (s.getNote(SessionNotes.DEVICE_TYPE) != null) {
            return null;
        }
        String attribute = client == null ? null : client.getAttribute(DeviceTypes.CLIENT_ATTRIBUTE);
        String type = DeviceTypeResolver.resolve(
                attribute, channel, SessionControlConfig.of(s.getRealm()).deviceTypeFromUserAgent(), userAgent);
        s.setNote(SessionNotes.DEVICE_TYPE, type);
        s.setNote(SessionNotes.SIGNED_IN_AT, Long.toString(Time.currentTimeMillis()));
        stampAddressForms(s);
        return type;
    }

    /**
     * An event issued or used an offline token: the sign-in's offline session (same id as its regular one) may be
     * new. Keycloak copies it from the regular one, notes included, when the token is issued: after a browser
     * sign-in was stamped, or, for a password grant, before (and then removes the regular one). Either way it gets
     * this extension's notes if it lacks them, and is counted once (a note marks it counted).
     *
     * @param regular the sign-in's regular session, or null when there is none (any more)
     */
    static void stampOfflineTwin(KeycloakSession session, UserSessionModel offline, UserSessionModel regular) {
        if (offline.getNote(SessionNotes.OFFLINE_COUNTED) != null) {
            return;
        }
        if (regular != null) {
            for (String note : new String[] {
                SessionNotes.DEVICE_TYPE,
                SessionNotes.SIGNED_IN_AT,
                SessionNotes.IP_HEX,
                SessionNotes.PLACE,
                SessionNotes.FLAGS
            }) {
                if (offline.getNote(note) == null && regular.getNote(note) != null) {
                    offline.setNote(note, regular.getNote(note));
                }
            }
        }
        offline.setNote(SessionNotes.OFFLINE_COUNTED, "1");
        SessionService sessions = new SessionService(session, offline.getRealm());
        sessions.began(offline);
        if (regular == null && offline.getNote(SessionNotes.DEVICE_TYPE) != null) {
            // Copied from a regular session this extension stamped and counted, which Keycloak has just removed (a
            // first sign-in for offline access keeps only the offline session).
            sessions.removedByKeycloak(offline, false);
        }
    }

    /**
     * Records the address a session was last used from, with its place; writes only when it differs from what is
     * known. A session from before the fixed-width address notes gets them here, once.
     */
    static void touchAddress(KeycloakSession session, UserSessionModel s, String ipAddress) {
        stampAddressForms(s);
        if (ipAddress == null || ipAddress.isBlank()) {
            return;
        }
        String known = s.getNote(SessionNotes.LAST_IP);
        if (known == null) {
            known = s.getIpAddress();
        }
        if (!ipAddress.equals(known)) {
            s.setNote(SessionNotes.LAST_IP, ipAddress);
            setOrRemove(s, SessionNotes.LAST_IP_HEX, AddressRange.hex(ipAddress));
            Place place = places(session).find(ipAddress);
            setOrRemove(s, SessionNotes.LAST_PLACE, place == null ? null : place.note());
            SessionService.lastAddressChanged(session, s);
        }
    }

    /**
     * The fixed-width forms of the sign-in and last address ({@link AddressRange#hex}) that address blocks are
     * matched on in the database, where missing; an address that is no address literal gets none.
     */
    static void stampAddressForms(UserSessionModel s) {
        if (s.getNote(SessionNotes.IP_HEX) == null) {
            String hex = AddressRange.hex(s.getIpAddress());
            if (hex != null) {
                s.setNote(SessionNotes.IP_HEX, hex);
            }
        }
        String last = s.getNote(SessionNotes.LAST_IP);
        if (last != null && s.getNote(SessionNotes.LAST_IP_HEX) == null) {
            String hex = AddressRange.hex(last);
            if (hex != null) {
                s.setNote(SessionNotes.LAST_IP_HEX, hex);
            }
        }
    }

    private static PlaceLookup places(KeycloakSession session) {
        return session.getProvider(PlaceLookup.class);
    }

    private static void setOrRemove(UserSessionModel s, String note, String value) {
        if (value != null) {
            s.setNote(note, value);
        } else if (s.getNote(note) != null) {
            s.removeNote(note); // what was known of an older address must not be taken for the new one
        }
    }

    /**
     * How the session of this event was created: a login with a grant type happened at the token endpoint, one
     * without came through the browser, except the approval of a device grant (RFC 8628), whose session belongs
     * to the device, not to the approving browser.
     */
    static SignInChannel channelOf(KeycloakSession session, Event event) {
        boolean tokenEndpoint = switch (event.getType()) {
            case LOGIN ->
                event.getDetails() != null && event.getDetails().containsKey(Details.GRANT_TYPE)
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
}
