package dev.sessioncontrol.keycloak.config;

/**
 * The realm's whole policy object, as read and written at once (the admin API's JSON has these field names).
 *
 * @param exemptRole null when nobody is exempt
 */
public record PolicySettings(ConcurrentLoginMode mode, int maxSessionsPerDeviceType, LimitAction action,
        String exemptRole, boolean deviceTypeFromUserAgent, int excessiveSessionThreshold, boolean newSignInEmail) {
}
