package dev.sessioncontrol.keycloak.casdoor;

/**
 * A logical error of the Casdoor API: answered as HTTP 200 with {@code status:"error"} and this message, because
 * Casdoor's SDKs treat any other status as a transport failure.
 */
final class CasdoorException extends RuntimeException {

    static final String UNAUTHORIZED = "Unauthorized operation";

    CasdoorException(String message) {
        super(message, null, false, false);
    }

    static CasdoorException unauthorized() {
        return new CasdoorException(UNAUTHORIZED);
    }
}
