package dev.sessioncontrol.keycloak.geo;

import dev.sessioncontrol.keycloak.sessions.Place;

/**
 * Whether a sign-in came from farther away than anyone travels since the user's previous sign-in: more than
 * {@value #MIN_KM} km from it (nearer places are within the error of a location database), the previous one within
 * the last {@value #WINDOW_HOURS} hours, and the straight-line speed above the realm's limit.
 */
final class Travel {

    static final double MIN_KM = 500;
    static final long WINDOW_HOURS = 24;
    private static final long WINDOW_MILLIS = WINDOW_HOURS * 3600_000L;

    private Travel() {}

    /**
     * @param kmh the realm's limit; 0 turns the check off
     */
    static boolean impossible(Place from, long fromAt, Place to, long toAt, int kmh) {
        if (kmh <= 0 || from == null || to == null || !from.hasCoordinates() || !to.hasCoordinates()) {
            return false;
        }
        long elapsed = toAt - fromAt;
        if (elapsed >= WINDOW_MILLIS) {
            return false;
        }
        double km = from.kilometresTo(to);
        if (km <= MIN_KM) {
            return false;
        }
        return elapsed <= 0 || km / (elapsed / 3_600_000.0) > kmh;
    }
}
