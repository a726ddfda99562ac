package dev.sessioncontrol.keycloak.casdoor;

import java.util.List;

/**
 * How much the Casdoor routes accept, each bound named once and checked before any database work, so that input
 * too large for a column or a loop is a logical error (Casdoor's envelope) and never a failure at commit.
 */
final class CasdoorBounds {

    /** A realm name, a username, a client id: Keycloak's own columns hold 255 characters. */
    static final int MAX_NAME = 255;
    /** {@code createdTime}: the column {@code SC_CASDOOR_SESSION.CREATED_TIME}. */
    static final int MAX_CREATED_TIME = 100;
    /** One session id: Keycloak's are 36 characters or fewer, Casdoor's (Beego's) 32. */
    static final int MAX_SESSION_ID = 255;
    /** Ids one record keeps (the newest), and ids one request may send. */
    static final int MAX_IDS = 100;
    /** A request body: a full record of {@link #MAX_IDS} ids of {@link #MAX_SESSION_ID} characters fits. */
    static final int MAX_BODY = 64 * 1024;
    /** A client secret or a client assertion (a signed JWT). */
    static final int MAX_CREDENTIAL = 8 * 1024;
    /** get-sessions' {@code value} filter and the other short query values. */
    static final int MAX_QUERY_VALUE = 255;

    private CasdoorBounds() {}

    /** A required or optional name-like value: at most {@code max} characters, no control characters. */
    static String check(String field, String value, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw new CasdoorException(field + " is longer than " + max + " characters");
        }
        if (hasControl(value)) {
            throw new CasdoorException(field + " contains control characters");
        }
        return value;
    }

    static List<String> checkIds(List<String> ids) {
        if (ids.size() > MAX_IDS) {
            throw new CasdoorException("sessionId holds more than " + MAX_IDS + " ids");
        }
        ids.forEach(id -> check("sessionId", id, MAX_SESSION_ID));
        return ids;
    }

    static void checkBody(String body) {
        if (body != null && body.length() > MAX_BODY) {
            throw new CasdoorException("request body is larger than " + MAX_BODY + " characters");
        }
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
