package dev.sessioncontrol.keycloak.casdoor;

import java.util.List;

/** Casdoor's is-session-duplicated: is someone else signed in to this record besides {@code sessionId}? */
final class Duplication {

    private Duplication() {}

    /**
     * False for no record or an empty one, true for more than one id, and with exactly one id, true when it is not
     * {@code sessionId}.
     */
    static boolean isDuplicated(CasdoorRecord record, String sessionId) {
        if (record == null) {
            return false;
        }
        List<String> ids = record.sessionId();
        if (ids.size() > 1) {
            return true;
        }
        return ids.size() == 1 && !ids.get(0).equals(sessionId);
    }
}
