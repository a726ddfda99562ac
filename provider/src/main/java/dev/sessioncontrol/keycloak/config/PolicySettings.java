package dev.sessioncontrol.keycloak.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The realm's whole policy object, as read and written at once: the one representation of the policy. Its
 * component names are the admin API's JSON field names, and {@link #validate()} is the one place its values are
 * checked.
 *
 * @param exemptRole null when nobody is exempt (a blank name is null, a name is trimmed)
 */
public record PolicySettings(
        ConcurrentLoginMode mode,
        int maxSessionsPerDeviceType,
        LimitAction action,
        String exemptRole,
        boolean deviceTypeFromUserAgent,
        int excessiveSessionThreshold,
        boolean newSignInEmail,
        int impossibleTravelKmh) {

    /** Large enough for any real limit, small enough that nobody types a number by mistake. */
    public static final int MAX_NUMBER = 10_000;
    /** Faster than any airliner by far: a higher speed could never flag anything. */
    public static final int MAX_TRAVEL_KMH = 100_000;
    /** Keycloak's column for a role name. */
    public static final int MAX_ROLE_NAME = 255;

    public PolicySettings {
        exemptRole = exemptRole == null || exemptRole.isBlank() ? null : exemptRole.trim();
    }

    /**
     * Refuses values no realm should hold.
     *
     * @throws IllegalArgumentException naming the field and what it accepts
     */
    public PolicySettings validate() {
        if (mode == null) {
            throw new IllegalArgumentException("mode must be one of " + allowed(ConcurrentLoginMode.class));
        }
        if (action == null) {
            throw new IllegalArgumentException("action must be one of " + allowed(LimitAction.class));
        }
        number("maxSessionsPerDeviceType", maxSessionsPerDeviceType);
        number("excessiveSessionThreshold", excessiveSessionThreshold);
        if (impossibleTravelKmh < 0 || impossibleTravelKmh > MAX_TRAVEL_KMH) {
            throw new IllegalArgumentException(
                    "impossibleTravelKmh must be a whole number from 0 (off) to " + MAX_TRAVEL_KMH);
        }
        if (exemptRole != null && exemptRole.length() > MAX_ROLE_NAME) {
            throw new IllegalArgumentException("exemptRole must be a realm role name or null");
        }
        return this;
    }

    private static void number(String field, int value) {
        if (value < 1 || value > MAX_NUMBER) {
            throw new IllegalArgumentException(field + " must be a whole number from 1 to " + MAX_NUMBER);
        }
    }

    /** "A, B or C", as the error messages name the allowed values. */
    public static <E extends Enum<E>> String allowed(Class<E> type) {
        String[] names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
        if (names.length == 1) {
            return names[0];
        }
        return Arrays.stream(names, 0, names.length - 1).collect(Collectors.joining(", ")) + " or "
                + names[names.length - 1];
    }
}
