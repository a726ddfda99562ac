package dev.sessioncontrol.keycloak.config;

/**
 * Declares the realm attributes that hold the settings, and their defaults. {@link SessionControlConfig} reads
 * them with types; nothing else names these keys.
 */
final class SessionControlConfigProperties {

    static final String PREFIX = "session-control.";

    public static final String MODE = PREFIX + "mode";
    public static final String MAX_SESSIONS_PER_DEVICE_TYPE = PREFIX + "maxSessionsPerDeviceType";
    public static final String ACTION = PREFIX + "action";
    public static final String EXEMPT_ROLE = PREFIX + "exemptRole";
    public static final String DEVICE_TYPE_FROM_USER_AGENT = PREFIX + "deviceTypeFromUserAgent";
    public static final String EXCESSIVE_SESSION_THRESHOLD = PREFIX + "excessiveSessionThreshold";
    public static final String NEW_SIGN_IN_EMAIL = PREFIX + "newSignInEmail";
    public static final String IMPOSSIBLE_TRAVEL_KMH = PREFIX + "impossibleTravelKmh";

    public static final ConcurrentLoginMode DEFAULT_MODE = ConcurrentLoginMode.Disabled;
    public static final int DEFAULT_MAX_SESSIONS_PER_DEVICE_TYPE = 1;
    public static final LimitAction DEFAULT_ACTION = LimitAction.TerminateOldest;
    public static final int DEFAULT_EXCESSIVE_SESSION_THRESHOLD = 5;
    /** Faster than an airliner: a sign-in that would need more is flagged. */
    public static final int DEFAULT_IMPOSSIBLE_TRAVEL_KMH = 1000;

    private SessionControlConfigProperties() {}
}
