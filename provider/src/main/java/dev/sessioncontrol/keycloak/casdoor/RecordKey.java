package dev.sessioncontrol.keycloak.casdoor;

import java.util.Locale;

/**
 * One Casdoor record inside a realm: a user (by username, in lower case as Keycloak keeps usernames) and an
 * application (a client id, case-sensitive as in Keycloak).
 */
record RecordKey(String name, String application) {

    static RecordKey of(String name, String application) {
        return new RecordKey(name.toLowerCase(Locale.ROOT), application);
    }
}
