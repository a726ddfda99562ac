package dev.sessioncontrol.keycloak.device;

/** How a session came to be: through an interactive browser sign-in or at the token endpoint. */
public enum SignInChannel {
    BROWSER,
    TOKEN_ENDPOINT
}
