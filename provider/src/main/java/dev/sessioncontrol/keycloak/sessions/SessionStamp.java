package dev.sessioncontrol.keycloak.sessions;

import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.device.DeviceTypeResolver;
import dev.sessioncontrol.keycloak.device.DeviceTypes;
import dev.sessioncontrol.keycloak.device.SignInChannel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserSessionModel;

/** Writes this extension's notes on a session: the device type once, the last address when it changes. */
public final class SessionStamp {

    private SessionStamp() {
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
}
