package dev.sessioncontrol.keycloak.access;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * A user's bearer token checked the way Keycloak's account REST API checks it: valid for the realm with a live
 * session (verified by Keycloak's {@link AppAuthManager.BearerTokenAuthenticator}), meant for the {@code account}
 * client (its audience), not a service account's, and holding the {@code account} client roles a route needs:
 * {@code view-profile} (or {@code manage-account}) to read, {@code manage-account} to end.
 */
public final class AccountAccess {

    public static final String ACCOUNT_CLIENT = "account";
    public static final String VIEW_PROFILE = "view-profile";
    public static final String MANAGE_ACCOUNT = "manage-account";

    /** Why a token was refused; {@link #authenticated()} tells a missing identity from a missing right. */
    public enum Reason {
        NO_VALID_TOKEN("a valid bearer access token of this realm is required"),
        NOT_FOR_ACCOUNT("the access token's audience must include the account client"),
        SERVICE_ACCOUNT("service accounts have no sessions of their own to manage"),
        VIEW_REQUIRED("the account role view-profile is required"),
        MANAGE_REQUIRED("the account role manage-account is required");

        private final String message;

        Reason(String message) {
            this.message = message;
        }

        public String message() {
            return message;
        }

        /** False when the caller is not known (no valid token, or one meant for another service): a 401. */
        public boolean authenticated() {
            return this != NO_VALID_TOKEN && this != NOT_FOR_ACCOUNT;
        }
    }

    /** A refusal, without a stack trace: it is an answer, not a failure. */
    public static final class Refused extends RuntimeException {

        private final Reason reason;

        Refused(Reason reason) {
            super(reason.message(), null, false, false);
            this.reason = reason;
        }

        public Reason reason() {
            return reason;
        }
    }

    private final AuthenticationManager.AuthResult result;
    private final AccessToken token;

    private AccountAccess(AuthenticationManager.AuthResult result, AccessToken token) {
        this.result = result;
        this.token = token;
    }

    /**
     * Verifies the token and that it is meant for the account.
     *
     * @param tokenString the token, or null to read it from the {@code Authorization: Bearer} header
     * @throws Refused {@link Reason#NO_VALID_TOKEN} or {@link Reason#NOT_FOR_ACCOUNT}
     */
    public static AccountAccess authenticate(KeycloakSession session, RealmModel realm, String tokenString) {
        AuthenticationManager.AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session)
                .setRealm(realm)
                .setTokenString(tokenString)
                .authenticate();
        if (result == null) {
            throw new Refused(Reason.NO_VALID_TOKEN);
        }
        AccessToken token = result.token();
        if (token.getAudience() == null || token.getResourceAccess(ACCOUNT_CLIENT) == null) {
            // Lightweight access tokens carry no roles or audience: expand them as introspection would.
            AccessTokenIntrospectionProvider provider = (AccessTokenIntrospectionProvider) session.getProvider(
                    TokenIntrospectionProvider.class, AccessTokenIntrospectionProviderFactory.ACCESS_TOKEN_TYPE);
            token = provider.transformAccessToken(token, result.session());
        }
        if (!token.hasAudience(ACCOUNT_CLIENT)) {
            // As Keycloak's account API: a token meant for another service is not a key to the user's account.
            throw new Refused(Reason.NOT_FOR_ACCOUNT);
        }
        return new AccountAccess(result, token);
    }

    /** @throws Refused {@link Reason#SERVICE_ACCOUNT} for a client's service account, which has no account */
    public void refuseServiceAccount() {
        if (result.user().getServiceAccountClientLink() != null) {
            throw new Refused(Reason.SERVICE_ACCOUNT);
        }
    }

    /** @throws Refused {@link Reason#VIEW_REQUIRED} without {@code view-profile} or {@code manage-account} */
    public void requireView() {
        if (!hasAccountRole(VIEW_PROFILE) && !hasAccountRole(MANAGE_ACCOUNT)) {
            throw new Refused(Reason.VIEW_REQUIRED);
        }
    }

    /** @throws Refused {@link Reason#MANAGE_REQUIRED} without {@code manage-account} */
    public void requireManage() {
        if (!hasAccountRole(MANAGE_ACCOUNT)) {
            throw new Refused(Reason.MANAGE_REQUIRED);
        }
    }

    /** The verified token, expanded when it was a lightweight one. */
    public AccessToken token() {
        return token;
    }

    public UserModel user() {
        return result.user();
    }

    /** The client the token was issued to (its {@code azp}). */
    public ClientModel client() {
        return result.client();
    }

    /** The session of the token (the {@code sid}). */
    public String sessionId() {
        return result.session() == null
                ? token.getSessionId()
                : result.session().getId();
    }

    private boolean hasAccountRole(String role) {
        AccessToken.Access access = token.getResourceAccess(ACCOUNT_CLIENT);
        return access != null && access.isUserInRole(role);
    }
}
