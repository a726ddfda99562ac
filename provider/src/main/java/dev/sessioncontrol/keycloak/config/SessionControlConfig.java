package dev.sessioncontrol.keycloak.config;

import static dev.sessioncontrol.keycloak.config.SessionControlConfigProperties.*;

import org.keycloak.models.RealmModel;

/**
 * Typed, null-safe view of a realm's settings. Values an admin could have broken by editing attributes by hand
 * fall back to the defaults instead of failing a sign-in.
 */
public final class SessionControlConfig {

    private final RealmModel realm;

    private SessionControlConfig(RealmModel realm) {
        this.realm = realm;
    }

    public static SessionControlConfig of(RealmModel realm) {
        return new SessionControlConfig(realm);
    }

    public ConcurrentLoginMode mode() {
        return parseEnum(ConcurrentLoginMode.class, realm.getAttribute(MODE), DEFAULT_MODE);
    }

    public int maxSessionsPerDeviceType() {
        return Math.max(
                1, parseInt(realm.getAttribute(MAX_SESSIONS_PER_DEVICE_TYPE), DEFAULT_MAX_SESSIONS_PER_DEVICE_TYPE));
    }

    public LimitAction action() {
        return parseEnum(LimitAction.class, realm.getAttribute(ACTION), DEFAULT_ACTION);
    }

    /** The realm role whose holders are not limited, or null. */
    public String exemptRole() {
        String value = realm.getAttribute(EXEMPT_ROLE);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public boolean deviceTypeFromUserAgent() {
        return Boolean.parseBoolean(realm.getAttribute(DEVICE_TYPE_FROM_USER_AGENT));
    }

    public int excessiveSessionThreshold() {
        return Math.max(
                1, parseInt(realm.getAttribute(EXCESSIVE_SESSION_THRESHOLD), DEFAULT_EXCESSIVE_SESSION_THRESHOLD));
    }

    public boolean newSignInEmail() {
        return Boolean.parseBoolean(realm.getAttribute(NEW_SIGN_IN_EMAIL));
    }

    /** The speed above which a sign-in far from the previous one is flagged; 0 when the check is off. */
    public int impossibleTravelKmh() {
        int kmh = parseInt(realm.getAttribute(IMPOSSIBLE_TRAVEL_KMH), DEFAULT_IMPOSSIBLE_TRAVEL_KMH);
        return kmh < 0 || kmh > PolicySettings.MAX_TRAVEL_KMH ? DEFAULT_IMPOSSIBLE_TRAVEL_KMH : kmh;
    }

    /** Every setting at once, defaults filled in. */
    public PolicySettings settings() {
        return new PolicySettings(
                mode(),
                maxSessionsPerDeviceType(),
                action(),
                exemptRole(),
                deviceTypeFromUserAgent(),
                excessiveSessionThreshold(),
                newSignInEmail(),
                impossibleTravelKmh());
    }

    /** Stores every setting; the caller has validated them. A null exempt role removes the attribute. */
    public void write(PolicySettings settings) {
        realm.setAttribute(MODE, settings.mode().name());
        realm.setAttribute(MAX_SESSIONS_PER_DEVICE_TYPE, Integer.toString(settings.maxSessionsPerDeviceType()));
        realm.setAttribute(ACTION, settings.action().name());
        if (settings.exemptRole() == null || settings.exemptRole().isBlank()) {
            realm.removeAttribute(EXEMPT_ROLE);
        } else {
            realm.setAttribute(EXEMPT_ROLE, settings.exemptRole().trim());
        }
        realm.setAttribute(DEVICE_TYPE_FROM_USER_AGENT, Boolean.toString(settings.deviceTypeFromUserAgent()));
        realm.setAttribute(EXCESSIVE_SESSION_THRESHOLD, Integer.toString(settings.excessiveSessionThreshold()));
        realm.setAttribute(NEW_SIGN_IN_EMAIL, Boolean.toString(settings.newSignInEmail()));
        realm.setAttribute(IMPOSSIBLE_TRAVEL_KMH, Integer.toString(settings.impossibleTravelKmh()));
    }

    private static int parseInt(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static <E extends Enum<E>> E parseEnum(Class<E> type, String value, E fallback) {
        if (value == null) {
            return fallback;
        }
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value.trim())) {
                return constant;
            }
        }
        return fallback;
    }
}
