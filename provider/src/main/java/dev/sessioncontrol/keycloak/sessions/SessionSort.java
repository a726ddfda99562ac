package dev.sessioncontrol.keycloak.sessions;

import java.util.Optional;

/** Orders of a session listing: by start or last access, either way; ties broken by id. */
public enum SessionSort {
    STARTED_ASC("started", true),
    STARTED_DESC("-started", false),
    LAST_ACCESS_ASC("lastAccess", true),
    LAST_ACCESS_DESC("-lastAccess", false);

    public static final SessionSort DEFAULT = STARTED_DESC;

    private final String wire;
    private final boolean ascending;

    SessionSort(String wire, boolean ascending) {
        this.wire = wire;
        this.ascending = ascending;
    }

    public String wire() {
        return wire;
    }

    public boolean ascending() {
        return ascending;
    }

    public boolean byStart() {
        return this == STARTED_ASC || this == STARTED_DESC;
    }

    /** Parses {@code started}, {@code -started}, {@code lastAccess}, {@code -lastAccess}; blank means default. */
    public static Optional<SessionSort> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.of(DEFAULT);
        }
        for (SessionSort sort : values()) {
            if (sort.wire.equals(value.trim())) {
                return Optional.of(sort);
            }
        }
        return Optional.empty();
    }
}
