package dev.sessioncontrol.keycloak.casdoor;

import dev.sessioncontrol.keycloak.access.AccountAccess;
import dev.sessioncontrol.keycloak.support.StandInRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.keycloak.services.resources.admin.AdminAuth;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.services.resources.admin.fgap.AdminPermissions;
import org.keycloak.util.BasicAuthHelper;

/**
 * Who calls, with Keycloak's own checks: a confidential client of this realm, authenticated by Keycloak's client
 * authenticators the way it is configured to authenticate at the token endpoint (its secret in HTTP Basic, as
 * Casdoor's SDKs send it, or {@code clientId}/{@code clientSecret} in the query; a signed JWT in
 * {@code client_assertion}; its TLS certificate), or a user's access token of this realm
 * ({@code Authorization: Bearer} or {@code access_token}) checked as Keycloak's account API checks it
 * ({@link AccountAccess}). Either way the client, or the client the token was issued to, must have the API enabled
 * ({@value #API_ATTRIBUTE}). Whether the caller reads or ends any record is Keycloak's {@code view-users} /
 * {@code manage-users}, evaluated by Keycloak's admin permission evaluator.
 */
final class CasdoorAuthenticator {

    /** The client attribute that enables the API for a client: its credentials and the tokens issued to it. */
    static final String API_ATTRIBUTE = "session-control.casdoor-api";

    private static final String ACCESS_TOKEN = OAuth2Constants.ACCESS_TOKEN;

    /**
     * An authenticated caller: what it may do, the client recorded on the events of what it ends, and for a user
     * the account rights of their token (null for a client).
     */
    record Caller(CallerScope scope, ClientModel client, AccountAccess account) {

        /** A user's token must hold the account's {@code view-profile} (or {@code manage-account}) to read. */
        void requireRead() {
            if (account != null) {
                refusedAsCasdoor(account::requireView);
            }
        }

        /** A user's token must hold the account's {@code manage-account} to end or change anything. */
        void requireChange() {
            if (account != null) {
                refusedAsCasdoor(account::requireManage);
            }
        }
    }

    /** Keycloak's token endpoint's words, for an unknown client, a disabled one and wrong credentials alike. */
    static final String INVALID_CLIENT = "Invalid client or Invalid client credentials";

    static final String NOT_ENABLED = "the Casdoor API is not enabled for this client";
    static final String NOT_ENABLED_FOR_TOKEN =
            "the Casdoor API is not enabled for the client this token was" + " issued to";
    static final String QUERY_CREDENTIALS_REFUSED =
            "this server refuses credentials in the URL: send them in the" + " Authorization header";

    /** Query parameters that carry a secret; {@code clientId} alone (a client with a TLS certificate) does not. */
    static final List<String> QUERY_CREDENTIALS =
            List.of("clientSecret", OAuth2Constants.CLIENT_ASSERTION, ACCESS_TOKEN);

    private static final String BASIC = "basic ";
    private static final String BEARER = "bearer ";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final boolean allowQueryCredentials;

    CasdoorAuthenticator(KeycloakSession session, RealmModel realm, boolean allowQueryCredentials) {
        this.session = session;
        this.realm = realm;
        this.allowQueryCredentials = allowQueryCredentials;
    }

    Caller authenticate() {
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        refuseQueryCredentials(query);
        if (startsWith(header, BASIC)) {
            if (BasicAuthHelper.parseHeader(header) == null) {
                throw CasdoorException.unauthorized();
            }
            // Keycloak's client-secret authenticator reads the header itself.
            return client(null, null, null, null);
        }
        if (startsWith(header, BEARER)) {
            return user(null);
        }
        if (query.getFirst("clientId") != null || query.getFirst(OAuth2Constants.CLIENT_ASSERTION) != null) {
            return client(
                    query.getFirst("clientId"),
                    query.getFirst("clientSecret"),
                    query.getFirst(OAuth2Constants.CLIENT_ASSERTION_TYPE),
                    query.getFirst(OAuth2Constants.CLIENT_ASSERTION));
        }
        if (query.getFirst(ACCESS_TOKEN) != null) {
            return user(query.getFirst(ACCESS_TOKEN));
        }
        throw CasdoorException.unauthorized();
    }

    /**
     * The user sso-logout signs out, or null without a valid access token of this realm (header, or the query's
     * {@code access_token}): Casdoor answers "ok" then. A valid token that may not sign its user out (not meant
     * for the account, without {@code manage-account}, a service account's, or issued to a client without the API
     * enabled) is an error.
     */
    AccountAccess ssoLogoutUser() {
        MultivaluedMap<String, String> query = session.getContext().getUri().getQueryParameters();
        refuseQueryCredentials(query);
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        String token = null;
        if (!startsWith(header, BEARER)) {
            token = query.getFirst(ACCESS_TOKEN);
            if (token == null || token.isBlank()) {
                return null;
            }
        }
        AccountAccess access = userToken(token);
        if (access != null) {
            refusedAsCasdoor(access::requireManage);
        }
        return access;
    }

    /** Nothing is read before this: a credential in the URL is refused before it is even checked. */
    private void refuseQueryCredentials(MultivaluedMap<String, String> query) {
        if (!allowQueryCredentials && QUERY_CREDENTIALS.stream().anyMatch(query::containsKey)) {
            throw new CasdoorException(QUERY_CREDENTIALS_REFUSED);
        }
    }

    /** A user's token; its rights per route are checked by the route ({@link Caller#requireRead()}, …). */
    private Caller user(String tokenString) {
        AccountAccess access = userToken(tokenString);
        if (access == null) {
            throw CasdoorException.unauthorized();
        }
        AdminAuth auth = new AdminAuth(realm, access.token(), access.user(), access.client());
        AdminPermissionEvaluator permissions = AdminPermissions.evaluator(session, realm, auth);
        CallerScope scope = CallerScope.user(
                access.user().getUsername(),
                permissions.users().canView(),
                permissions.users().canManage(),
                access.sessionId());
        return new Caller(scope, access.client(), access);
    }

    /**
     * A user's token checked as Keycloak's account API checks one (meant for the account, not a service account's),
     * issued to a client with the API enabled; null when it is no valid token of this realm at all.
     *
     * @param tokenString the token, or null to read the {@code Authorization: Bearer} header
     */
    private AccountAccess userToken(String tokenString) {
        AccountAccess access;
        try {
            access = AccountAccess.authenticate(session, realm, tokenString);
        } catch (AccountAccess.Refused refused) {
            if (refused.reason() == AccountAccess.Reason.NO_VALID_TOKEN) {
                return null;
            }
            throw new CasdoorException(refused.getMessage());
        }
        requireEnabled(access.client(), NOT_ENABLED_FOR_TOKEN);
        refusedAsCasdoor(access::refuseServiceAccount);
        return access;
    }

    private static void requireEnabled(ClientModel client, String message) {
        if (client == null || !Boolean.parseBoolean(client.getAttribute(API_ATTRIBUTE))) {
            throw new CasdoorException(message);
        }
    }

    private static void refusedAsCasdoor(Runnable check) {
        try {
            check.run();
        } catch (AccountAccess.Refused refused) {
            throw new CasdoorException(refused.getMessage());
        }
    }

    /**
     * The client credentials a Casdoor SDK sends in the query ({@code clientId}, {@code clientSecret};
     * {@code client_assertion_type}, {@code client_assertion} for a client that signs JWTs) as the form of a token
     * request: Casdoor's bodies are JSON, so the real request never has a form of its own to offer.
     */
    private static MultivaluedMap<String, String> credentialsForm(
            String clientId, String secret, String assertionType, String assertion) {
        MultivaluedMap<String, String> form = new MultivaluedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        values.put(OAuth2Constants.CLIENT_ID, clientId);
        values.put(OAuth2Constants.CLIENT_SECRET, secret);
        values.put(OAuth2Constants.CLIENT_ASSERTION_TYPE, assertionType);
        values.put(OAuth2Constants.CLIENT_ASSERTION, assertion);
        values.forEach((name, value) -> {
            if (value != null) {
                form.putSingle(name, value);
            }
        });
        return form;
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
        EventBuilder event =
                new EventBuilder(realm, session, session.getContext().getConnection()).event(EventType.CLIENT_LOGIN);
        AuthenticationProcessor processor = AuthorizeClientUtil.getAuthenticationProcessor(session, event)
                .setRequest(StandInRequest.withForm(
                        session.getContext().getHttpRequest(),
                        credentialsForm(clientId, secret, assertionType, assertion)));
        Response failure = processor.authenticateClient();
        ClientModel client = processor.getClient();
        if (failure != null
                || client == null
                || !client.isEnabled()
                || client.isPublicClient()
                || client.isBearerOnly()
                || !OIDCLoginProtocol.LOGIN_PROTOCOL.equals(protocolOf(client))) {
            throw new CasdoorException(INVALID_CLIENT);
        }
        // Only after the client proved who it is: nobody else learns which clients have the API enabled.
        requireEnabled(client, NOT_ENABLED);
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
        return new Caller(CallerScope.client(client.getClientId(), readAll, manageAll), client, null);
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
