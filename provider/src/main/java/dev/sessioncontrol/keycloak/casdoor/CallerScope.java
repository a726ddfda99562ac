package dev.sessioncontrol.keycloak.casdoor;

import java.util.Locale;

/**
 * What an authenticated caller may read, end and register. Stricter than Casdoor, where any application may act on
 * any organization: a client acts on its own application's records, a user reads and ends their own (but registers
 * nothing), unless Keycloak grants them {@code view-users} (read any) or {@code manage-users} (read, end and
 * register any).
 *
 * @param application      the calling client's id when a client calls with its secret, else null
 * @param username         the calling user's username when a user calls with a token, else null
 * @param currentSessionId the session of the caller's token, which this API never ends; null for clients
 */
record CallerScope(String application, String username, boolean readAll, boolean manageAll, String currentSessionId) {

    static CallerScope client(String clientId, boolean readAll, boolean manageAll) {
        return new CallerScope(clientId, null, readAll, manageAll, null);
    }

    static CallerScope user(String username, boolean readAll, boolean manageAll, String currentSessionId) {
        return new CallerScope(null, username.toLowerCase(Locale.ROOT), readAll, manageAll, currentSessionId);
    }

    boolean canRead(RecordKey key) {
        return readAll || manageAll || owns(key);
    }

    /** Ending the record's sessions (and forgetting the ids it registered, which end with them). */
    boolean canEnd(RecordKey key) {
        return manageAll || owns(key);
    }

    /**
     * Adding or rewriting registered ids: the application that registers them, or an admin. Never the user they
     * belong to: the ids are the application's check on that user (is-session-duplicated), which the user must not
     * be able to defeat.
     */
    boolean canRegister(RecordKey key) {
        return manageAll || application != null && owns(key);
    }

    boolean seesEverything() {
        return readAll || manageAll;
    }

    private boolean owns(RecordKey key) {
        if (application != null) {
            return application.equals(key.application());
        }
        return username != null && username.equals(key.name());
    }
}
