package dev.sessioncontrol.keycloak.sessions;

import java.util.List;

/**
 * What the APIs and consoles show of one session, regular or offline (a sign-in with {@code offline_access} has
 * one of each, with the same id). Times are epoch milliseconds; {@code deviceText} is the device as the consoles
 * show it ({@link DeviceText#of(Device, List)}); {@code location} and {@code lastLocation} are null when unknown.
 */
public record SessionView(
        String id,
        SessionType type,
        String maskedId,
        String userId,
        String username,
        List<ClientRef> clients,
        String deviceType,
        Device device,
        String deviceText,
        String ipAddress,
        String lastIpAddress,
        long started,
        long lastAccess,
        long expires,
        boolean rememberMe,
        boolean current,
        Location location,
        Location lastLocation,
        List<String> flags) {

    /** The flag of a session signed in farther from the user's previous sign-in than anyone travels in the time. */
    public static final String IMPOSSIBLE_TRAVEL = "impossibleTravel";

    /**
     * Where an address is, named in the caller's language ({@link Place#location}).
     *
     * @param city null when the location database knows only the country
     */
    public record Location(String countryCode, String country, String city) {}

    public record ClientRef(String clientId, String name) {}

    /**
     * Keycloak's parse of the sign-in's User-Agent ({@code DeviceRepresentation}), its words kept: {@code "Other"}
     * and {@code "Unknown"} where it recognised nothing.
     *
     * @param browser the browser family and version, e.g. {@code "Chrome/131.0.0"}
     * @param model   the device, e.g. {@code "iPhone"}; {@code "Other"} for most desktops
     */
    public record Device(String os, String osVersion, String browser, String model, boolean mobile) {}

    /** "…" followed by the last 8 characters, as a user interface shows an id. */
    public static String mask(String id) {
        if (id == null) {
            return null;
        }
        return "\u2026" + (id.length() <= 8 ? id : id.substring(id.length() - 8));
    }
}
