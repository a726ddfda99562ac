package dev.sessioncontrol.keycloak.api;

import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.SessionHistory;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * {@code /admin/realms/{realm}/session-control/history}: the realm's ended sessions, newest first, from Keycloak's
 * stored {@code LOGOUT} events. {@code view-users} realm-wide, or the named user's view permission with
 * {@code userId}.
 */
public final class HistoryResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    HistoryResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public HistoryPage list(
            @QueryParam("userId") String userId,
            @QueryParam("reason") String reason,
            @QueryParam("first") String first,
            @QueryParam("max") String max) {
        int firstResult = QueryParams.first(first);
        int maxResults = QueryParams.max(max);
        EndReason endReason = QueryParams.reason(reason);
        auth.users().requireQuery();
        String user = null;
        if (QueryParams.blank(userId)) {
            auth.users().requireView();
        } else {
            user = viewableUser(userId.trim());
        }
        SessionHistory history = new SessionHistory(session, realm);
        if (!history.eventsStored()) {
            return HistoryPage.off();
        }
        return new HistoryPage(
                true, history.page(user, endReason, firstResult, maxResults, SessionService.callerLocale(session)));
    }

    /**
     * The id of a user the caller may view. A user removed since still has a history, which whoever may view every
     * user sees; anyone else gets the 404 of an unknown user.
     */
    private String viewableUser(String userId) {
        UserModel found =
                QueryParams.wellFormedId(userId, 255) ? session.users().getUserById(realm, userId) : null;
        if (found != null) {
            auth.users().requireView(found);
            return found.getId();
        }
        if (QueryParams.wellFormedId(userId, 255) && auth.users().canView()) {
            return userId;
        }
        throw ApiErrors.notFound("user not found");
    }
}
