package dev.sessioncontrol.keycloak.casdoor;

/**
 * The id of a Casdoor session record, {@code owner/name/application}: realm name, username, client id.
 */
record SessionPkId(String owner, String name, String application) {

    /** Parses exactly three non-empty parts separated by {@code /}; anything else is a logical error. */
    static SessionPkId parse(String value) {
        if (value == null || value.isBlank()) {
            throw new CasdoorException("sessionPkId is required, as owner/name/application");
        }
        CasdoorBounds.check("sessionPkId", value, 3 * CasdoorBounds.MAX_NAME + 2);
        String[] parts = value.split("/", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new CasdoorException("sessionPkId must be owner/name/application, got: " + value);
        }
        for (String part : parts) {
            CasdoorBounds.check("each part of sessionPkId", part, CasdoorBounds.MAX_NAME);
        }
        return new SessionPkId(parts[0], parts[1], parts[2]);
    }

    /** The record key inside one realm: Keycloak usernames are case-insensitive and kept in lower case. */
    RecordKey key() {
        return RecordKey.of(name, application);
    }

    @Override
    public String toString() {
        return owner + "/" + name + "/" + application;
    }
}
