package dev.sessioncontrol.keycloak.sessions;

/** Notes this extension keeps on Keycloak user sessions. */
public final class SessionNotes {

    /** The device type, written once when the session is created. */
    public static final String DEVICE_TYPE = "session-control.device-type";

    /**
     * When the sign-in happened, epoch milliseconds, written once with the device type: the policy's order of
     * sign-ins (Keycloak keeps only the start second).
     */
    public static final String SIGNED_IN_AT = "session-control.signed-in-at";

    /** On an offline session: this extension has counted it (see the event listener's stamping). */
    public static final String OFFLINE_COUNTED = "session-control.counted";

    /** The most recent client address seen for the session; written only when it changes. */
    public static final String LAST_IP = "session-control.last-ip";

    /**
     * The sign-in address in a fixed-width form ({@link AddressRange#hex}: 32 hex digits, whatever text Keycloak
     * or a proxy wrote), so that the database matches address blocks exactly; written with the device type.
     */
    public static final String IP_HEX = "session-control.ip-hex";

    /** {@link #LAST_IP} in the same fixed-width form, written with it. */
    public static final String LAST_IP_HEX = "session-control.last-ip-hex";

    /** Where the sign-in address is ({@link Place#note()}), written once with the device type when it is known. */
    public static final String PLACE = "session-control.place";

    /** Where {@link #LAST_IP} is, written with it; absent when it is not known. */
    public static final String LAST_PLACE = "session-control.last-place";

    /** The alerts raised on the session, comma-separated ({@link SessionView#IMPOSSIBLE_TRAVEL}). */
    public static final String FLAGS = "session-control.flags";

    private SessionNotes() {}
}
