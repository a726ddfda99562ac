package dev.sessioncontrol.keycloak.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sign-ins that {@code DenyNew} let through and whose sessions are not written yet, per user, on every node.
 * The authenticator decides under the user's row lock, but Keycloak writes a new session after the request's
 * transaction (which holds that lock) has committed, and in a browser flow possibly requests later: a decision
 * counts the user's sessions as written plus these admissions, so parallel sign-ins cannot all take the last
 * place. An admission is the future session's id (the authentication session's, which Keycloak gives the user
 * session it creates); it is given up once that session is written (the listener's after-commit step) or after
 * {@link #LIFETIME_MILLIS}, when the sign-in was abandoned in a later step.
 *
 * <p>One entry per user in a {@link SharedStore}: {@code "<id>@<expires ms>,…"}, changed by compare-and-set.
 */
final class Admissions {

    /** How long an admitted sign-in may take to create its session (later steps: OTP, required actions). */
    static final long LIFETIME_MILLIS = 5 * 60 * 1000;

    private static final String PREFIX = "session-control.admitted:";
    private static final int MAX_ATTEMPTS = 1000;

    private Admissions() {}

    /**
     * @param scope the device type whose places the sign-in takes ({@code LogoutFromSameTypeDevices}), or null
     *              for all of the user's places ({@code LogoutFromAllDevices})
     */
    static String key(String realmId, String userId, String scope) {
        return PREFIX + realmId + ":" + userId + ":" + (scope == null ? "*" : scope);
    }

    /** The ids admitted and not yet given up at {@code now}. */
    static List<String> pending(SharedStore store, String key, long now) {
        return new ArrayList<>(decode(store.get(key), now).keySet());
    }

    /** Admits the sign-in whose session will have this id. */
    static void admit(SharedStore store, String key, String sessionId, long now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = store.get(key);
            Map<String, Long> admitted = decode(current, now);
            admitted.put(sessionId, now + LIFETIME_MILLIS);
            String next = encode(admitted);
            if (current == null ? store.putIfAbsent(key, next) == null : store.replace(key, current, next)) {
                return;
            }
        }
        throw new IllegalStateException("could not admit a sign-in for " + key);
    }

    /** Gives up the admission of this session (written, or its sign-in failed); a no-op when there is none. */
    static void release(SharedStore store, String key, String sessionId, long now) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            String current = store.get(key);
            if (current == null) {
                return;
            }
            Map<String, Long> admitted = decode(current, now);
            admitted.remove(sessionId);
            boolean done =
                    admitted.isEmpty() ? store.remove(key, current) : store.replace(key, current, encode(admitted));
            if (done) {
                return;
            }
        }
    }

    /** The live admissions of an entry, oldest first; expired ones left out. */
    static Map<String, Long> decode(String value, long now) {
        Map<String, Long> admitted = new LinkedHashMap<>();
        if (value == null || value.isEmpty()) {
            return admitted;
        }
        for (String part : value.split(",")) {
            int at = part.lastIndexOf('@');
            if (at <= 0) {
                continue;
            }
            try {
                long expires = Long.parseLong(part.substring(at + 1));
                if (expires > now) {
                    admitted.put(part.substring(0, at), expires);
                }
            } catch (NumberFormatException e) {
                // not ours: skip it
            }
        }
        return admitted;
    }

    static String encode(Map<String, Long> admitted) {
        StringBuilder value = new StringBuilder();
        admitted.forEach((id, expires) -> value.append(value.length() == 0 ? "" : ",")
                .append(id)
                .append('@')
                .append(expires));
        return value.toString();
    }
}
