package dev.sessioncontrol.keycloak.api;

import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionHistory;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.SessionSort;
import dev.sessioncontrol.keycloak.sessions.SessionView;
import dev.sessioncontrol.keycloak.sessions.bulk.BulkEnding;
import dev.sessioncontrol.keycloak.sessions.bulk.CutOff;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.cors.Cors;

/**
 * The signed-in user's own sessions. Reading needs the {@code account} role {@code view-profile} (or
 * {@code manage-account}), ending needs {@code manage-account}, as in Keycloak's account REST API.
 */
public final class AccountSessionsResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AccountAuth auth;

    AccountSessionsResource(KeycloakSession session, AccountAuth auth) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.auth = auth;
    }

    /** The caller's sessions, regular and offline, newest first. */
    @GET
    @Path("sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public List<SessionView> list(@QueryParam("first") String first, @QueryParam("max") String max) {
        auth.requireView();
        int size = QueryParams.blank(max) ? SessionService.MAX_PAGE_SIZE : QueryParams.max(max);
        return service()
                .list(
                        SessionFilter.ofUser(auth.user().getId()),
                        SessionSort.DEFAULT,
                        QueryParams.first(first),
                        size,
                        auth.sessionId())
                .items();
    }

    /** Ends one of the caller's sessions; never the current one, never another user's (404 for those). */
    @DELETE
    @Path("sessions/{id}")
    public Response end(@PathParam("id") String id) {
        auth.requireManage();
        String sessionId = QueryParams.sessionId(id);
        List<UserSessionModel> forms = service().findAll(sessionId);
        if (forms.isEmpty()
                || !forms.get(0).getUser().getId().equals(auth.user().getId())) {
            throw ApiErrors.notFound("session not found");
        }
        // The stored id, not the one typed in the path: a database may match ids without regard to case.
        String canonicalId = forms.get(0).getId();
        if (canonicalId.equals(auth.sessionId())) {
            throw ApiErrors.currentSession(canonicalId);
        }
        // Both forms of the sign-in, regular and offline.
        service().endById(canonicalId, EndReason.REVOKED_BY_USER, auth.client(), Map.of());
        return Response.noContent().build();
    }

    /**
     * Ends all the caller's sessions except the current one, every one of them before the answer: no not-before could
     * spare the session the caller is using, so they are ended here, as Keycloak's own account API does.
     */
    @DELETE
    @Path("sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Long> endAllOthers() {
        auth.requireManage();
        BulkEnding.Progress progress = BulkEnding.start(
                session,
                realm,
                BulkEnding.Scope.user(auth.user().getId()),
                auth.sessionId(),
                EndReason.REVOKED_BY_USER,
                auth.client(),
                CutOff.NONE);
        return Map.of("ended", progress.ended(), "remaining", progress.remaining());
    }

    /** The caller's own ended sessions, newest first, from the realm's stored {@code LOGOUT} events. */
    @GET
    @Path("history")
    @Produces(MediaType.APPLICATION_JSON)
    public HistoryPage history(@QueryParam("first") String first, @QueryParam("max") String max) {
        int firstResult = QueryParams.first(first);
        int maxResults = QueryParams.max(max);
        auth.requireView();
        SessionHistory history = new SessionHistory(session, realm);
        if (!history.eventsStored()) {
            return HistoryPage.off();
        }
        return new HistoryPage(
                true,
                history.page(
                        auth.user().getId(),
                        null,
                        firstResult,
                        maxResults,
                        service().callerLocale()));
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return Cors.builder().preflight().allowedMethods("GET", "DELETE").auth().add(Response.ok());
    }

    private SessionService service() {
        return new SessionService(session, realm);
    }
}
