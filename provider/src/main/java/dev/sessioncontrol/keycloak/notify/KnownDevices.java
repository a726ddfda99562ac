package dev.sessioncontrol.keycloak.notify;

import dev.sessioncontrol.keycloak.sessions.DeviceText;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a sign-in from a device means for a user's known devices and their new-device e-mails. A device is the
 * browser family, the operating system and the session's device type ({@code chrome|windows|web}); versions do not
 * count, so an update of the browser is not a new device. A user keeps at most {@link #MAX} devices, the first seen
 * forgotten first, and is told of at most {@link #MAX_TOLD_PER_HOUR} new devices in any hour: beyond, a new device is
 * still recorded, without an e-mail, so a stream of made-up User-Agents cannot turn the realm's mail server into a
 * relay. Devices told of within the hour are not forgotten before the hour is over: they are what the limit counts.
 */
final class KnownDevices {

    public static final int MAX = 20;
    public static final int MAX_TOLD_PER_HOUR = 5;
    static final long HOUR_MILLIS = 60 * 60 * 1000L;
    private static final int MAX_PART = 40;

    /**
     * A known device of the user.
     *
     * @param seen when it was first seen (epoch milliseconds)
     * @param told when the user was told of it by e-mail, 0 when never
     */
    public record Known(String device, long seen, long told) {
        boolean toldWithinHourOf(long now) {
            return told > 0 && now - told < HOUR_MILLIS;
        }
    }

    /**
     * What a sign-in from a device means.
     *
     * @param firstEver no device of the user was known yet: the device is recorded, the user not told
     * @param isNew     the device was not known: it is to be recorded
     * @param limited   the user was told of {@link #MAX_TOLD_PER_HOUR} devices within the last hour already
     * @param forget    the known devices to drop so that, with this one, at most {@link #MAX} remain
     */
    public record Sighting(boolean firstEver, boolean isNew, boolean limited, List<Known> forget) {
        /** Whether the user is to be told: a new device, not the first sign-in ever, within the hourly limit. */
        public boolean tellUser() {
            return isNew && !firstEver && !limited;
        }
    }

    private KnownDevices() {}

    /** The device of a sign-in, from Keycloak's parse of its User-Agent and the session's device type. */
    public static String key(String browser, String os, String deviceType) {
        return part(DeviceText.browserFamily(browser)) + "|" + part(os) + "|" + part(deviceType);
    }

    /**
     * @param known the user's known devices (empty: none recorded yet)
     * @param now   the sign-in's time, epoch milliseconds
     */
    public static Sighting sighted(List<Known> known, String device, long now) {
        long toldWithinHour =
                known.stream().filter(k -> k.toldWithinHourOf(now)).count();
        if (known.stream().anyMatch(k -> k.device().equals(device))) {
            // Known: nothing to record, but a new place may still be told, within the same hourly limit.
            return new Sighting(false, false, toldWithinHour >= MAX_TOLD_PER_HOUR, List.of());
        }
        int excess = known.size() + 1 - MAX;
        List<Known> forget = new ArrayList<>();
        if (excess > 0) {
            known.stream()
                    .filter(k -> !k.toldWithinHourOf(now))
                    .sorted(Comparator.comparingLong(Known::seen))
                    .limit(excess)
                    .forEach(forget::add);
        }
        return new Sighting(known.isEmpty(), true, toldWithinHour >= MAX_TOLD_PER_HOUR, List.copyOf(forget));
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
