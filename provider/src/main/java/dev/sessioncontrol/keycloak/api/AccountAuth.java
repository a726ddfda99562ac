package dev.sessioncontrol.keycloak.api;

import dev.sessioncontrol.keycloak.access.AccountAccess;
import jakarta.ws.rs.WebApplicationException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.services.cors.Cors;

/**
 * The account routes' caller: a user's bearer token checked by {@link AccountAccess} (as Keycloak's account REST
 * API checks it), its refusals answered as this API's errors: 401 when the caller is not known, 403 when a right
 * is missing.
 */
final class AccountAuth {

    private final AccountAccess access;

    private AccountAuth(AccountAccess access) {
        this.access = access;
    }

    static AccountAuth authenticate(KeycloakSession session) {
        try {
            AccountAccess access =
                    AccountAccess.authenticate(session, session.getContext().getRealm(), null);
            Cors.builder()
                    .checkAllowedOrigins(access.token())
                    .allowedMethods("GET", "DELETE")
                    .auth()
                    .add();
            access.refuseServiceAccount();
            return new AccountAuth(access);
        } catch (AccountAccess.Refused refused) {
            throw error(refused);
        }
    }

    UserModel user() {
        return access.user();
    }

    ClientModel client() {
        return access.client();
    }

    /** The session of the caller's token (the {@code sid}). */
    String sessionId() {
        return access.sessionId();
    }

    void requireView() {
        try {
            access.requireView();
        } catch (AccountAccess.Refused refused) {
            throw error(refused);
        }
    }

    void requireManage() {
        try {
            access.requireManage();
        } catch (AccountAccess.Refused refused) {
            throw error(refused);
        }
    }

    private static WebApplicationException error(AccountAccess.Refused refused) {
        return refused.reason().authenticated()
                ? ApiErrors.forbidden(refused.getMessage())
                : ApiErrors.unauthorized(refused.getMessage());
    }
}
