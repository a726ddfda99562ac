package dev.sessioncontrol.keycloak.casdoor;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCClientSecretConfigWrapper;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.util.BasicAuthHelper;

/**
 * Who calls, with Keycloak's own checks: a client of this realm with its secret (HTTP Basic, as Casdoor's SDKs
 * send it, or {@code clientId}/{@code clientSecret} in the query), or a user's access token of this realm
 * ({@code Authorization: Bearer} or {@code access_token}). Whether the caller reads or ends any record is
 * Keycloak's {@code view-users} / {@code manage-users}, evaluated by Keycloak's admin permission evaluator.
 */
final class CasdoorAuthenticator {

    /** An authenticated caller: what it may do, and the client recorded on the events of what it ends. */
    record Caller(CallerScope scope, ClientModel client) {
    }

    private static final String BASIC = "basic ";
    private static final String BEARER = "bearer ";

    private final KeycloakSession session;
    private final RealmModel realm;

    CasdoorAuthenticator(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    Caller authenticate() {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        if (startsWith(header, BASIC)) {
            String[] idAndSecret = BasicAuthHelper.parseHeader(header);
            if (idAndSecret == null) {
                throw CasdoorException.unauthorized();
            }
            return client(idAndSecret[0], idAndSecret[1]);
        }
        if (startsWith(header, BEARER)) {
            return user(bearer(null));
        }
        if (query.getFirst("clientId") != null) {
            return client(query.getFirst("clientId"), query.getFirst("clientSecret"));
        }
        if (query.getFirst("access_token") != null) {
            return user(bearer(query.getFirst("access_token")));
        }
        throw CasdoorException.unauthorized();
    }

    /**
     * The user of a valid access token of this realm with a live session (header, or the given token string), or
     * null: sso-logout answers "ok" without one, as Casdoor does.
     */
    AuthenticationManager.AuthResult bearerOrNull() {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (startsWith(header, BEARER)) {
            return bearer(null);
        }
        String token = session.getContext().getUri().getQueryParameters().getFirst("access_token");
        return token == null || token.isBlank() ? null : bearer(token);
    }

    private AuthenticationManager.AuthResult bearer(String token) {
        return new AppAuthManager.BearerTokenAuthenticator(session).setRealm(realm).setTokenString(token)
                .authenticate();
    }

    private Caller user(AuthenticationManager.AuthResult result) {
        if (result == null) {
            throw CasdoorException.unauthorized();
        }
        AdminAuth auth = new AdminAuth(realm, result.token(), result.user(), result.client());
        AdminPermissionEvaluator permissions = AdminPermissions.evaluator(session, realm, auth);
        String sessionId = result.session() != null ? result.session().getId() : result.token().getSessionId();
        CallerScope scope = CallerScope.user(result.user().getUsername(), permissions.users().canView(),
                permissions.users().canManage(), sessionId);
        return new Caller(scope, result.client());
    }

    private Caller client(String clientId, String secret) {
        ClientModel client = clientId == null || clientId.isBlank() ? null : realm.getClientByClientId(clientId);
        if (client == null || !client.isEnabled()) {
            // A disabled client is answered as an unknown one: nothing tells a caller which clients exist.
            throw new CasdoorException("Application not found for client ID: " + clientId);
        }
        if (client.isPublicClient() || secret == null || !validSecret(client, secret)) {
            throw new CasdoorException("Incorrect client secret for application: " + clientId);
        }
        boolean readAll = false;
        boolean manageAll = false;
        if (client.isServiceAccountsEnabled()) {
            UserModel account = session.users().getServiceAccount(client);
            if (account != null && account.isEnabled()) {
                AdminPermissionEvaluator permissions = AdminPermissions.evaluator(session, realm, realm, account);
                readAll = permissions.users().canView();
                manageAll = permissions.users().canManage();
            }
        }
        return new Caller(CallerScope.client(client.getClientId(), readAll, manageAll), client);
    }

    /** The client's secret, or its rotated secret while that is valid, compared as Keycloak's token endpoint does. */
    private boolean validSecret(ClientModel client, String secret) {
        OIDCClientSecretConfigWrapper wrapper = OIDCClientSecretConfigWrapper.fromClientModel(client);
        if (client.getSecret() == null) {
            return false;
        }
        return (wrapper.validateSecret(session, secret) || wrapper.validateRotatedSecret(session, secret))
                && !wrapper.isClientSecretExpired();
    }

    private static boolean startsWith(String header, String scheme) {
        return header != null && header.regionMatches(true, 0, scheme, 0, scheme.length());
    }
}
