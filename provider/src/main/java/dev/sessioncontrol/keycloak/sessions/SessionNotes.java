package dev.sessioncontrol.keycloak.sessions;

/** Notes this extension keeps on Keycloak user sessions. */
public final class SessionNotes {

    /** The device type, written once when the session is created. */
    public static final String DEVICE_TYPE = "session-control.device-type";

    /** The most recent client address seen for the session; written only when it changes. */
    public static final String LAST_IP = "session-control.last-ip";

    private SessionNotes() {
    }
}
