package dev.sessioncontrol.keycloak.api;

import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.device.DeviceTypes;
import dev.sessioncontrol.keycloak.notify.IncidentMail;
import dev.sessioncontrol.keycloak.sessions.AddressRange;
import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.Page;
import dev.sessioncontrol.keycloak.sessions.Paging;
import dev.sessioncontrol.keycloak.sessions.RealmStats;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import dev.sessioncontrol.keycloak.sessions.SessionView;
import dev.sessioncontrol.keycloak.sessions.bulk.BulkEnding;
import dev.sessioncontrol.keycloak.sessions.bulk.CutOff;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.logging.Logger;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;
import org.keycloak.storage.ReadOnlyException;

/**
 * Admin routes under {@code /admin/realms/{realm}/session-control}. Keycloak has authenticated the admin token;
 * every route checks Keycloak's user permissions: view to read, manage to end, per user where a user is named.
 */
public final class AdminSessionsResource {

    /** Most users a {@code search} is widened to; the listing then covers these users' sessions. */
    static final int MAX_SEARCH_USERS = 500;
    /** Most users the stats list as having too many sessions. */
    static final int MAX_EXCESSIVE_USERS = 100;
    /** Most device types the stats count one by one (built-in ones first, then those clients declare). */
    static final int MAX_STATS_DEVICE_TYPES = 50;

    private static final Logger LOG = Logger.getLogger(AdminSessionsResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;
    private final SessionService sessions;

    AdminSessionsResource(
            KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(ResourceType.USER_SESSION);
        this.sessions = new SessionService(session, realm);
    }

    @GET
    @Path("sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public Page<SessionView> list(
            @QueryParam("search") String search,
            @QueryParam("userId") String userId,
            @QueryParam("clientId") String clientId,
            @QueryParam("deviceType") String deviceType,
            @QueryParam("ip") String ip,
            @QueryParam("country") String country,
            @QueryParam("type") String type,
            @QueryParam("startedAfter") String startedAfter,
            @QueryParam("startedBefore") String startedBefore,
            @QueryParam("first") String first,
            @QueryParam("max") String max,
            @QueryParam("after") String after,
            @QueryParam("before") String before,
            @QueryParam("sort") String sort) {
        var sortOrder = QueryParams.sort(sort);
        Paging paging = QueryParams.paging(first, max, after, before, sortOrder);
        SessionFilter filter =
                filter(search, userId, clientId, deviceType, ip, country, type, startedAfter, startedBefore);
        if (filter == null) {
            return new Page<>(0, List.of());
        }
        return sessions.list(filter, sortOrder, paging, currentSessionId());
    }

    /**
     * The listing's filter from its query parameters, permissions checked; null when it cannot match anything
     * (an unknown client). Start bounds that leave no room ({@code startedAfter} at or past {@code startedBefore})
     * are no error: they match nothing.
     */
    private SessionFilter filter(
            String search,
            String userId,
            String clientId,
            String deviceType,
            String ip,
            String country,
            String type,
            String startedAfter,
            String startedBefore) {
        return filter(
                search,
                userId,
                clientId,
                deviceType,
                ip,
                country,
                type,
                QueryParams.epochMillis("startedAfter", startedAfter),
                QueryParams.epochMillis("startedBefore", startedBefore));
    }

    /** As above, with the start bounds already read (a revoke's body carries them as numbers). */
    private SessionFilter filter(
            String search,
            String userId,
            String clientId,
            String deviceType,
            String ip,
            String country,
            String type,
            Long after,
            Long before) {
        String device = QueryParams.deviceType(deviceType);
        AddressRange address = QueryParams.address(ip);
        String countryCode = QueryParams.country(country);
        for (String[] named : new String[][] {{"search", search}, {"clientId", clientId}}) {
            if (!QueryParams.blank(named[1]) && !QueryParams.wellFormedId(named[1].trim(), 255)) {
                throw ApiErrors.badRequest(named[0] + " must be at most 255 characters without control characters");
            }
        }
        SessionType sessionType = QueryParams.type(type);
        auth.users().requireQuery();
        List<String> userIds = null;
        if (!QueryParams.blank(userId)) {
            UserModel user = requireUser(userId);
            auth.users().requireView(user);
            userIds = List.of(user.getId());
        } else {
            auth.users().requireView();
        }
        if (!QueryParams.blank(search)) {
            List<String> matching = searchUsers(search.trim());
            userIds = userIds == null
                    ? matching
                    : userIds.stream().filter(matching::contains).toList();
        }
        String clientUuid = null;
        if (!QueryParams.blank(clientId)) {
            ClientModel client = realm.getClientByClientId(clientId.trim());
            if (client == null) {
                return null;
            }
            clientUuid = client.getId();
        }
        return SessionFilter.NONE
                .withUsers(userIds)
                .withClient(clientUuid)
                .withDeviceType(device)
                .withAddress(address)
                .withType(sessionType)
                .withStarted(after, before)
                .withCountry(countryCode);
    }

    /**
     * How many sessions match, counted in the database now (the listing's {@code total} is kept by the node): the
     * number a confirmation states before an irreversible action. Same filters as the listing.
     */
    @GET
    @Path("sessions/count")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Long> count(
            @QueryParam("search") String search,
            @QueryParam("userId") String userId,
            @QueryParam("clientId") String clientId,
            @QueryParam("deviceType") String deviceType,
            @QueryParam("ip") String ip,
            @QueryParam("country") String country,
            @QueryParam("type") String type,
            @QueryParam("startedAfter") String startedAfter,
            @QueryParam("startedBefore") String startedBefore) {
        SessionFilter filter =
                filter(search, userId, clientId, deviceType, ip, country, type, startedAfter, startedBefore);
        return Map.of("count", filter == null ? 0L : sessions.countExact(filter));
    }

    @GET
    @Path("sessions/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public SessionView get(@PathParam("id") String id, @QueryParam("type") String type) {
        auth.users().requireQuery();
        SessionType wanted = QueryParams.type(type);
        UserSessionModel target = requireSession(id).stream()
                .filter(s -> wanted == null || SessionType.of(s.isOffline()) == wanted)
                .findFirst()
                .orElseThrow(() -> ApiErrors.notFound("session not found"));
        auth.users().requireView(target.getUser());
        return sessions.view(target, currentSessionId());
    }

    @DELETE
    @Path("sessions/{id}")
    public Response end(@PathParam("id") String id) {
        auth.users().requireQuery();
        UserSessionModel target = requireSession(id).get(0);
        auth.users().requireManage(target.getUser());
        if (target.getId().equals(currentSessionId())) {
            throw ApiErrors.currentSession(target.getId());
        }
        // Both forms of the sign-in, regular and offline, as Keycloak's account API ends them.
        sessions.endById(target.getId(), EndReason.REVOKED_BY_ADMIN, adminClient(), Map.of());
        adminEvent
                .clone(session)
                .operation(OperationType.DELETE)
                .resourcePath(session.getContext().getUri())
                .representation(Map.of("reason", EndReason.REVOKED_BY_ADMIN.value()))
                .success();
        return Response.noContent().build();
    }

    @GET
    @Path("users/{userId}/sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public Page<SessionView> userSessions(
            @PathParam("userId") String userId,
            @QueryParam("first") String first,
            @QueryParam("max") String max,
            @QueryParam("after") String after,
            @QueryParam("before") String before,
            @QueryParam("sort") String sort) {
        var sortOrder = QueryParams.sort(sort);
        Paging paging = QueryParams.paging(first, max, after, before, sortOrder);
        auth.users().requireQuery();
        UserModel user = requireUser(userId);
        auth.users().requireView(user);
        return sessions.list(SessionFilter.ofUser(user.getId()), sortOrder, paging, currentSessionId());
    }

    @DELETE
    @Path("users/{userId}/sessions")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> endUserSessions(@PathParam("userId") String userId) {
        auth.users().requireQuery();
        UserModel user = requireUser(userId);
        auth.users().requireManage(user);
        UserModel caller = callerInRealm();
        // The user's not-before makes every session of the user unusable at once, however many there are; it
        // cannot spare the caller's own session, so an admin ending their own sessions has them ended now instead.
        boolean own = caller != null && caller.getId().equals(user.getId());
        BulkEnding.Scope scope = BulkEnding.Scope.user(user.getId());
        BulkEnding.Progress progress = BulkEnding.start(
                session,
                realm,
                scope,
                currentSessionId(),
                EndReason.REVOKED_BY_ADMIN,
                adminClient(),
                own ? CutOff.NONE : CutOff.user(user.getId()));
        return answer(progress, scope, EndReason.REVOKED_BY_ADMIN);
    }

    /**
     * One user's account is compromised: every session of the user ended (unusable before the answer, as
     * {@link #endUserSessions}), then, as the body asks (both by default), {@code UPDATE_PASSWORD} added to the user's
     * required actions and the user told by e-mail. The required action is committed before the e-mail goes out, so
     * that the e-mail never announces what did not happen. The answer is the bulk ending's with what else was done.
     */
    @POST
    @Path("users/{userId}/incident-response")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> incidentResponse(@PathParam("userId") String userId, String body) {
        auth.users().requireQuery();
        UserModel user = requireUser(userId);
        auth.users().requireManage(user);
        IncidentRequest request = IncidentRequest.parse(body);
        UserModel caller = callerInRealm();
        boolean own = caller != null && caller.getId().equals(user.getId());
        BulkEnding.Scope scope = BulkEnding.Scope.user(user.getId());
        BulkEnding.Progress progress = BulkEnding.start(
                session,
                realm,
                scope,
                currentSessionId(),
                EndReason.INCIDENT_RESPONSE,
                adminClient(),
                own ? CutOff.NONE : CutOff.user(user.getId()));
        boolean passwordUpdate = request.requirePasswordUpdate() && requirePasswordUpdate(user.getId());
        boolean notified = request.notifyUser() && IncidentMail.send(session, realm, user.getId(), passwordUpdate);
        Map<String, Object> done = new LinkedHashMap<>();
        done.put("passwordUpdateRequired", passwordUpdate);
        done.put("notified", notified);
        return answer(progress, scope, EndReason.INCIDENT_RESPONSE, done, null);
    }

    /**
     * Adds {@code UPDATE_PASSWORD} to the user's required actions (nothing when it is there already), committed at
     * once; false when the user's store refuses it (a read-only federation).
     */
    private boolean requirePasswordUpdate(String userId) {
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), s -> {
                RealmModel r = s.realms().getRealm(realm.getId());
                s.getContext().setRealm(r);
                UserModel user = s.users().getUserById(r, userId);
                if (user == null) {
                    return false;
                }
                user.addRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
                return true;
            });
        } catch (ReadOnlyException e) {
            LOG.debugf(e, "UPDATE_PASSWORD not added to user %s: its store is read-only", userId);
            return false;
        }
    }

    /**
     * Emergency: every session in the realm but the caller's own. Before the answer, no token or cookie of the realm
     * from before it is accepted any more ({@link CutOff}), whoever the caller is; the sessions are then ended in
     * the background, in batches, with back-channel logouts and events. An admin signed in to this realm keeps
     * their session: their own other sessions, which the cut-off cannot cover without ending the caller too, are
     * ended in the request. The answer says how many the cut-off covers; {@code GET jobs/{id}} follows the rest.
     */
    @POST
    @Path("sessions/revoke-all")
    // The body is not read, but declared: only then does the HTTP layer match the content type first, so that a
    // multipart body (which it would otherwise parse, and fail on, before this method runs) is a 415.
    @Consumes({
        MediaType.APPLICATION_JSON,
        MediaType.TEXT_PLAIN,
        MediaType.APPLICATION_FORM_URLENCODED,
        MediaType.APPLICATION_OCTET_STREAM
    })
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> revokeAll(String ignoredBody) {
        auth.users().requireManage();
        UserModel caller = callerInRealm();
        String current = currentSessionId();
        BulkEnding.Progress progress = BulkEnding.start(
                session,
                realm,
                BulkEnding.Scope.REALM,
                current,
                EndReason.REVOKE_ALL,
                adminClient(),
                CutOff.realm(caller == null ? null : caller.getId()));
        if (caller != null) {
            BulkEnding.Progress own = BulkEnding.start(
                    session,
                    realm,
                    BulkEnding.Scope.user(caller.getId()),
                    current,
                    EndReason.REVOKE_ALL,
                    adminClient(),
                    CutOff.NONE);
            progress = BulkEnding.credit(session, realm.getId(), progress.jobId(), own.ended());
        }
        return answer(progress, BulkEnding.Scope.REALM, EndReason.REVOKE_ALL);
    }

    /**
     * "End what matches": every session the listing's filters (in the JSON body) match now, the caller's own
     * excepted. A dry run answers how many that is and ends nothing. Otherwise every covered session is unusable
     * before the answer: by the users' not-befores where the filter names users and nothing else, else by ending
     * each covered session in this request (Keycloak checks no other mark that a single statement could set); what is
     * left is ended in the background. Sessions started after the request are not covered.
     */
    @POST
    @Path("sessions/revoke")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> revoke(String body) {
        RevokeRequest request = RevokeRequest.parse(body);
        if (!request.filters()) {
            throw ApiErrors.badRequest(
                    "at least one filter is required; POST sessions/revoke-all ends every session of the realm");
        }
        if (request.userId() != null) {
            auth.users().requireManage(requireUser(request.userId()));
        } else {
            auth.users().requireManage();
        }
        if (request.clientId() != null
                && realm.getClientByClientId(request.clientId().trim()) == null) {
            throw ApiErrors.badRequest(
                    "clientId: no client '" + request.clientId().trim() + "' in this realm");
        }
        SessionFilter filter = filter(
                request.search(),
                request.userId(),
                request.clientId(),
                request.deviceType(),
                request.ip(),
                request.country(),
                request.type(),
                request.startedAfter(),
                request.startedBefore());
        // The search is capped at that many users: a cap reached may have left some out.
        if (request.search() != null && filter != null && filter.userIds().size() >= MAX_SEARCH_USERS) {
            throw ApiErrors.badRequest("search matches " + MAX_SEARCH_USERS
                    + " users or more; narrow it (or name the client, the address or the device type)");
        }
        BulkEnding.Scope scope = BulkEnding.Scope.matching(filter);
        String current = currentSessionId();
        if (request.dryRun()) {
            long spared = current == null
                    ? 0
                    : sessions.findAll(current).stream().filter(scope::covers).count();
            return Map.of("count", Math.max(0, sessions.countExact(filter) - spared));
        }
        UserModel caller = callerInRealm();
        boolean onlyUsers = filter.userIds() != null
                && filter.equals(SessionFilter.NONE.withUsers(filter.userIds()))
                && (caller == null || !filter.userIds().contains(caller.getId()));
        BulkEnding.Progress progress = BulkEnding.start(
                session,
                realm,
                scope,
                current,
                EndReason.REVOKE_MATCHING,
                adminClient(),
                onlyUsers ? CutOff.users(filter.userIds()) : CutOff.NONE);
        return answer(progress, scope, EndReason.REVOKE_MATCHING, Map.of(), request.described());
    }

    /** Where a bulk ending of this realm stands. */
    @GET
    @Path("jobs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> job(@PathParam("id") String id) {
        auth.users().requireView();
        if (!QueryParams.wellFormedId(id, 36)) {
            throw ApiErrors.notFound("job not found");
        }
        BulkEnding.Progress progress = BulkEnding.progress(session, realm, id);
        if (progress == null) {
            throw ApiErrors.notFound("job not found");
        }
        return progress(progress, false);
    }

    @GET
    @Path("stats")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> stats() {
        auth.users().requireView();
        int threshold = SessionControlConfig.of(realm).excessiveSessionThreshold();
        List<String> types = Stream.concat(
                        DeviceTypes.BUILT_IN.stream(),
                        realm.getClientsStream().map(c -> c.getAttribute(DeviceTypes.CLIENT_ATTRIBUTE)))
                .filter(t -> t != null && !t.isBlank())
                .distinct()
                .limit(MAX_STATS_DEVICE_TYPES)
                .toList();
        RealmStats stats = sessions.stats(new RealmStats.Query(types, threshold, MAX_EXCESSIVE_USERS));

        List<Map<String, Object>> byClient = new ArrayList<>();
        stats.byClient().forEach((clientUuid, count) -> {
            ClientModel client = realm.getClientById(clientUuid);
            if (client != null) {
                byClient.add(Map.of("clientId", client.getClientId(), "sessions", count));
            }
        });
        byClient.sort(Comparator.comparing((Map<String, Object> c) -> (Long) c.get("sessions"))
                .reversed()
                .thenComparing(c -> (String) c.get("clientId")));

        List<Map<String, Object>> excessive = new ArrayList<>();
        for (RealmStats.UserCount count : stats.excessive()) {
            UserModel user = session.users().getUserById(realm, count.userId());
            if (user != null && auth.users().canView(user)) {
                excessive.add(
                        Map.of("userId", count.userId(), "username", user.getUsername(), "sessions", count.sessions()));
            }
        }

        Map<String, Long> byDeviceType = new LinkedHashMap<>();
        stats.byDeviceType().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> byDeviceType.put(e.getKey(), e.getValue()));

        Map<String, Long> byCountry = new LinkedHashMap<>();
        stats.byCountry().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> byCountry.put(e.getKey(), e.getValue()));

        Map<String, Long> byType = new LinkedHashMap<>();
        for (SessionType type : SessionType.values()) {
            byType.put(type.name(), stats.byType().getOrDefault(type, 0L));
        }

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("total", stats.total());
        result.put("byType", byType);
        result.put("byDeviceType", byDeviceType);
        result.put("byClient", byClient);
        result.put("byCountry", byCountry);
        result.put("excessiveSessionThreshold", threshold);
        result.put("excessiveUsers", excessive);
        return result;
    }

    /** The realm's ended sessions. */
    @Path("history")
    public HistoryResource history() {
        return new HistoryResource(session, realm, auth);
    }

    /** The realm's concurrent-login policy object. */
    @Path("policy")
    public PolicyResource policy() {
        return new PolicyResource(session, realm, auth, adminEvent);
    }

    /** The answer to a bulk ending, and its one admin event with what it covers. */
    private Map<String, Object> answer(BulkEnding.Progress progress, BulkEnding.Scope scope, EndReason reason) {
        return answer(progress, scope, reason, Map.of(), null);
    }

    /**
     * The answer to a bulk ending with what else the route did ({@code done}, added to the answer and to the admin
     * event), and its one admin event; {@code filter}, when not null, is what the admin asked to end, recorded with
     * the event.
     */
    private Map<String, Object> answer(
            BulkEnding.Progress progress,
            BulkEnding.Scope scope,
            EndReason reason,
            Map<String, Object> done,
            Map<String, Object> filter) {
        String current = currentSessionId();
        boolean skipped = current != null && sessions.findAll(current).stream().anyMatch(scope::covers);
        Map<String, Object> result = progress(progress, skipped);
        result.putAll(done);
        Map<String, Object> representation = new LinkedHashMap<>();
        representation.put("reason", reason.value());
        representation.put("covered", progress.covered());
        representation.put("job", progress.jobId());
        representation.putAll(done);
        if (filter != null) {
            representation.put("filter", filter);
        }
        adminEvent
                .clone(session)
                .operation(OperationType.ACTION)
                .resourcePath(session.getContext().getUri())
                .representation(representation)
                .success();
        return result;
    }

    private static Map<String, Object> progress(BulkEnding.Progress progress, boolean skippedCurrent) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jobId", progress.jobId());
        result.put("covered", progress.covered());
        result.put("ended", progress.ended());
        result.put("remaining", progress.remaining());
        result.put("done", progress.done());
        result.put("skippedCurrent", skippedCurrent);
        return result;
    }

    private List<String> searchUsers(String search) {
        return session.users()
                .searchForUserStream(realm, Map.of(UserModel.SEARCH, search), 0, MAX_SEARCH_USERS)
                .map(UserModel::getId)
                .collect(Collectors.toList());
    }

    private UserModel requireUser(String userId) {
        UserModel user = QueryParams.wellFormedId(userId, 255) ? session.users().getUserById(realm, userId) : null;
        if (user == null) {
            throw ApiErrors.notFound("user not found");
        }
        return user;
    }

    /** The live forms (regular first, then offline) of the session with this id; 404 when there is none. */
    private List<UserSessionModel> requireSession(String id) {
        List<UserSessionModel> found = sessions.findAll(QueryParams.sessionId(id));
        if (found.isEmpty()) {
            throw ApiErrors.notFound("session not found");
        }
        return found;
    }

    /** The admin's own session, when the admin signed in to this realm; never ended through these routes. */
    private String currentSessionId() {
        if (!realm.getId().equals(auth.adminAuth().getRealm().getId())) {
            return null;
        }
        return auth.adminAuth().getToken().getSessionId();
    }

    /** The admin's user, when the admin signed in to this realm. */
    private UserModel callerInRealm() {
        return realm.getId().equals(auth.adminAuth().getRealm().getId())
                ? auth.adminAuth().getUser()
                : null;
    }

    private ClientModel adminClient() {
        return realm.getId().equals(auth.adminAuth().getRealm().getId())
                ? auth.adminAuth().getClient()
                : null;
    }
}
