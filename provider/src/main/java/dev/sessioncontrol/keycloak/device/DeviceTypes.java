package dev.sessioncontrol.keycloak.device;

import java.util.List;

/**
 * The device types this extension names itself. Any other string an admin puts on a client is valid too.
 */
public final class DeviceTypes {

    /** Client attribute that maps a client to a device type (ABP's client-to-device map). */
    public static final String CLIENT_ATTRIBUTE = "session-control.device-type";

    public static final String WEB = "Web";
    public static final String OAUTH = "OAuth";
    public static final String MOBILE = "Mobile";
    public static final String TABLET = "Tablet";
    public static final String DESKTOP = "Desktop";

    /** Longest device type accepted from a client attribute; longer values are cut. */
    public static final int MAX_LENGTH = 64;

    /** The types every realm may see without any client configuration. */
    public static final List<String> BUILT_IN = List.of(WEB, OAUTH, MOBILE, TABLET, DESKTOP);

    private DeviceTypes() {}
}
