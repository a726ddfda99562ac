package dev.sessioncontrol.keycloak.casdoor;

import java.util.Locale;

/**
 * What an authenticated caller may read and end. Stricter than Casdoor, where any application may act on any
 * organization: a client acts on its own application's records, a user on their own, unless Keycloak grants
 * them {@code view-users} (read any) or {@code manage-users} (read and end any).
 *
 * @param application      the calling client's id when a client calls with its secret, else null
 * @param username         the calling user's username when a user calls with a token, else null
 * @param currentSessionId the session of the caller's token, which this API never ends; null for clients
 */
record CallerScope(String application, String username, boolean readAll, boolean manageAll,
        String currentSessionId) {

    static CallerScope client(String clientId, boolean readAll, boolean manageAll) {
        return new CallerScope(clientId, null, readAll, manageAll, null);
    }

    static CallerScope user(String username, boolean readAll, boolean manageAll, String currentSessionId) {
        return new CallerScope(null, username.toLowerCase(Locale.ROOT), readAll, manageAll, currentSessionId);
    }

    boolean canRead(RecordKey key) {
        return readAll || manageAll || owns(key);
    }

    /** Ending sessions and changing registered ids. */
    boolean canChange(RecordKey key) {
        return manageAll || owns(key);
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
