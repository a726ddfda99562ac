package dev.sessioncontrol.keycloak.sessions;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Why a session was ended; recorded as {@code details.reason} of the {@code LOGOUT} event. */
public enum EndReason {
    REVOKED_BY_USER("revoked-by-user"),
    REVOKED_BY_ADMIN("revoked-by-admin"),
    REVOKE_ALL("revoke-all"),
    REVOKE_MATCHING("revoke-matching"),
    INCIDENT_RESPONSE("incident-response"),
    CONCURRENT_LOGIN_POLICY("concurrent-login-policy"),
    CASDOOR_API("casdoor-api"),
    SSO_LOGOUT("sso-logout");

    /** The event detail that holds the reason (Keycloak's {@code Details.REASON}). */
    public static final String DETAIL = "reason";

    private final String value;

    EndReason(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** The reason written as {@code value}; empty for null or any other text. */
    public static Optional<EndReason> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.value.equals(value)).findFirst();
    }

    /** Every reason's value, comma-separated, for a message that lists them. */
    public static String allValues() {
        return Arrays.stream(values()).map(EndReason::value).collect(Collectors.joining(", "));
    }
}
