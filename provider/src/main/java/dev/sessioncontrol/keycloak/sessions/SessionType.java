package dev.sessioncontrol.keycloak.sessions;

import java.util.Optional;

/**
 * Keycloak's two kinds of user session. A sign-in with {@code offline_access} leaves both, with the same id: the
 * regular (online) one, bound to the SSO idle and max lifespans, and the offline one, which lives by the realm's
 * offline timeouts and outlives it.
 */
public enum SessionType {
    REGULAR,
    OFFLINE;

    public static SessionType of(boolean offline) {
        return offline ? OFFLINE : REGULAR;
    }

    public boolean offline() {
        return this == OFFLINE;
    }

    /** The value of Keycloak's {@code OFFLINE_FLAG} column. */
    String flag() {
        return offline() ? "1" : "0";
    }

    /** {@code REGULAR} or {@code OFFLINE}, as the API writes them; blank means none. */
    public static Optional<SessionType> parse(String value) {
        for (SessionType type : values()) {
            if (type.name().equals(value)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
