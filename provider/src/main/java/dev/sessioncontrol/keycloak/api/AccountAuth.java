package dev.sessioncontrol.keycloak.api;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProvider;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.cors.Cors;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * A user's bearer token checked the way Keycloak's account REST API checks it: valid for this realm with a live
 * session, meant for the {@code account} client (its audience), not a service account, and holding the
 * {@code account} client roles a route needs.
 */
final class AccountAuth {

    static final String ACCOUNT_CLIENT = "account";

    private final AuthenticationManager.AuthResult result;
    private final AccessToken token;

    private AccountAuth(AuthenticationManager.AuthResult result, AccessToken token) {
        this.result = result;
        this.token = token;
    }

    static AccountAuth authenticate(KeycloakSession session) {
        AuthenticationManager.AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (result == null) {
            throw ApiErrors.unauthorized("a valid bearer access token of this realm is required");
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
            throw ApiErrors.unauthorized("the access token's audience must include the account client");
        }
        Cors.builder().checkAllowedOrigins(token).allowedMethods("GET", "DELETE").auth().add();
        if (result.user().getServiceAccountClientLink() != null) {
            throw ApiErrors.forbidden("service accounts have no sessions of their own to manage");
        }
        return new AccountAuth(result, token);
    }

    UserModel user() {
        return result.user();
    }

    ClientModel client() {
        return result.client();
    }

    /** The session of the caller's token (the {@code sid}). */
    String sessionId() {
        return result.session() == null ? token.getSessionId() : result.session().getId();
    }

    void requireView() {
        if (!hasAccountRole("view-profile") && !hasAccountRole("manage-account")) {
            throw ApiErrors.forbidden("the account role view-profile is required");
        }
    }

    void requireManage() {
        if (!hasAccountRole("manage-account")) {
            throw ApiErrors.forbidden("the account role manage-account is required");
        }
    }

    private boolean hasAccountRole(String role) {
        AccessToken.Access access = token.getResourceAccess(ACCOUNT_CLIENT);
        return access != null && access.isUserInRole(role);
    }
}
