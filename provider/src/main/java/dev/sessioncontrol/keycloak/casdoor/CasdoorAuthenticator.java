package dev.sessioncontrol.keycloak.casdoor;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.authentication.AuthenticationProcessor;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.AuthorizeClientUtil;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.util.BasicAuthHelper;

/**
 * Who calls, with Keycloak's own checks: a confidential client of this realm, authenticated by Keycloak's client
 * authenticators the way it is configured to authenticate at the token endpoint (its secret in HTTP Basic, as
 * Casdoor's SDKs send it, or {@code clientId}/{@code clientSecret} in the query; a signed JWT in
 * {@code client_assertion}; its TLS certificate), or a user's access token of this realm
 * ({@code Authorization: Bearer} or {@code access_token}). Whether the caller reads or ends any record is
 * Keycloak's {@code view-users} / {@code manage-users}, evaluated by Keycloak's admin permission evaluator.
 */
final class CasdoorAuthenticator {

    /** An authenticated caller: what it may do, and the client recorded on the events of what it ends. */
    record Caller(CallerScope scope, ClientModel client) {
    }

    /** Keycloak's token endpoint's words, for an unknown client, a disabled one and wrong credentials alike. */
    static final String INVALID_CLIENT = "Invalid client or Invalid client credentials";

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
            if (BasicAuthHelper.parseHeader(header) == null) {
                throw CasdoorException.unauthorized();
            }
            // Keycloak's client-secret authenticator reads the header itself.
            return client(null, null, null, null);
        }
        if (startsWith(header, BEARER)) {
            return user(bearer(null));
        }
        if (query.getFirst("clientId") != null || query.getFirst(OAuth2Constants.CLIENT_ASSERTION) != null) {
            return client(query.getFirst("clientId"), query.getFirst("clientSecret"),
                    query.getFirst(OAuth2Constants.CLIENT_ASSERTION_TYPE),
                    query.getFirst(OAuth2Constants.CLIENT_ASSERTION));
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

    /**
     * A client authenticated by Keycloak's client authenticators, exactly as the token endpoint would authenticate
     * it: the realm's client authentication flow, and only the authenticator the client is configured for (a
     * client set up for signed JWTs or X.509 cannot use a secret Keycloak still stores for it). Public,
     * bearer-only and disabled clients are refused; unknown clients and wrong credentials get one message.
     */
    private Caller client(String clientId, String secret, String assertionType, String assertion) {
        CasdoorBounds.check("clientId", clientId, CasdoorBounds.MAX_NAME);
        CasdoorBounds.check("clientSecret", secret, CasdoorBounds.MAX_CREDENTIAL);
        CasdoorBounds.check(OAuth2Constants.CLIENT_ASSERTION_TYPE, assertionType, CasdoorBounds.MAX_NAME);
        CasdoorBounds.check(OAuth2Constants.CLIENT_ASSERTION, assertion, CasdoorBounds.MAX_CREDENTIAL);
        if (assertion != null && !isJws(assertion)) {
            throw new CasdoorException(INVALID_CLIENT); // before Keycloak's authenticator, which logs it as an error
        }
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(EventType.CLIENT_LOGIN);
        AuthenticationProcessor processor = AuthorizeClientUtil.getAuthenticationProcessor(session, event)
                .setRequest(new ClientCredentialsRequest(session.getContext().getHttpRequest(), clientId, secret,
                        assertionType, assertion));
        Response failure = processor.authenticateClient();
        ClientModel client = processor.getClient();
        if (failure != null || client == null || !client.isEnabled() || client.isPublicClient()
                || client.isBearerOnly() || !OIDCLoginProtocol.LOGIN_PROTOCOL.equals(protocolOf(client))) {
            throw new CasdoorException(INVALID_CLIENT);
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

    private static String protocolOf(ClientModel client) {
        return client.getProtocol() == null ? OIDCLoginProtocol.LOGIN_PROTOCOL : client.getProtocol();
    }

    private static boolean isJws(String assertion) {
        try {
            new JWSInput(assertion).readJsonContent(JsonWebToken.class);
            return true;
        } catch (JWSInputException | RuntimeException e) {
            return false;
        }
    }

    private static boolean startsWith(String header, String scheme) {
        return header != null && header.regionMatches(true, 0, scheme, 0, scheme.length());
    }
}
