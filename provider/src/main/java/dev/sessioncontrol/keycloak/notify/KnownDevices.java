package dev.sessioncontrol.keycloak.notify;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.sessioncontrol.keycloak.device.DeviceText;

/**
 * The devices a user has signed in from, kept on the user (attribute {@link #ATTRIBUTE}, so it goes with the user):
 * at most {@link #MAX} of them, the oldest forgotten first. A device is the browser family, the operating system
 * and the session's device type ({@code Chrome|Windows|Web}); versions do not count, so an update of the browser
 * is not a new device.
 */
public final class KnownDevices {

    public static final String ATTRIBUTE = "session-control.known-devices";
    public static final int MAX = 20;
    private static final int MAX_PART = 40;

    /** What a sign-in from {@code device} means for the user's known devices. */
    public record Sighting(boolean firstEver, boolean isNew, List<String> known) {
        /** Whether the user is told: a device not seen before, and not the first sign-in ever. */
        public boolean tellUser() {
            return isNew && !firstEver;
        }
    }

    private KnownDevices() {
    }

    /** The device of a sign-in, from Keycloak's parse of its User-Agent and the session's device type. */
    public static String key(String browser, String os, String deviceType) {
        return part(DeviceText.browserFamily(browser)) + "|" + part(os) + "|" + part(deviceType);
    }

    /** @param known the attribute's values, oldest first (null or empty: nobody recorded a device of the user yet) */
    public static Sighting sighted(List<String> known, String device) {
        if (known == null || known.isEmpty()) {
            return new Sighting(true, true, List.of(device));
        }
        if (known.contains(device)) {
            return new Sighting(false, false, known);
        }
        List<String> next = new ArrayList<>(known);
        next.add(device);
        while (next.size() > MAX) {
            next.remove(0);
        }
        return new Sighting(false, true, List.copyOf(next));
    }

    private static String part(String value) {
        String recognised = DeviceText.recognised(value);
        if (recognised == null) {
            return "-";
        }
        String v = recognised.replace('|', '/').toLowerCase(Locale.ROOT);
        return v.length() > MAX_PART ? v.substring(0, MAX_PART) : v;
    }
}
