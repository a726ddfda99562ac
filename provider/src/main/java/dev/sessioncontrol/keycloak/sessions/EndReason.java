package dev.sessioncontrol.keycloak.sessions;

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

    private final String value;

    EndReason(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }
}
