package dev.sessioncontrol.keycloak.casdoor;

import dev.sessioncontrol.keycloak.access.AccountAccess;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * Casdoor's session routes under {@code /realms/{realm}/casdoor/api/}. Every answer is HTTP 200 with Casdoor's
 * envelope; logical errors are {@code status:"error"} and change nothing. Each route authenticates (the client, or
 * the client a user's token was issued to, must have the API enabled), checks the owner is this realm and that the
 * caller may act on the record, and only then reads or changes anything. The POST routes take the bodies Casdoor's
 * SDKs send (text or JSON); a multipart body, which the HTTP layer would parse before any route runs, is refused with
 * 415 there.
 */
public final class CasdoorResource {

    static final MediaType JSON_UTF8 = MediaType.valueOf("application/json; charset=utf-8");

    private static final Logger LOG = Logger.getLogger(CasdoorResource.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final CasdoorOptions options;

    CasdoorResource(KeycloakSession session, CasdoorOptions options) {
        this.session = session;
        this.realm = session.getContext().getRealm();
        this.options = options;
    }

    @GET
    @Path("api/get-sessions")
    public Response getSessions(
            @QueryParam("owner") String owner,
            @QueryParam("p") String p,
            @QueryParam("pageSize") String pageSize,
            @QueryParam("field") String field,
            @QueryParam("value") String value,
            @QueryParam("sortField") String sortField,
            @QueryParam("sortOrder") String sortOrder) {
        return answer(caller -> {
            caller.requireRead();
            CasdoorBounds.check("owner", owner, CasdoorBounds.MAX_NAME);
            if (owner != null && !owner.isEmpty()) {
                requireThisRealm(owner);
            }
            RecordListing listing = RecordListing.parse(p, pageSize, field, value, sortField, sortOrder);
            RecordListing.Result result = listing.apply(records().list(caller.scope()));
            return CasdoorJson.ok(result.items(), result.total());
        });
    }

    @GET
    @Path("api/get-session")
    public Response getSession(@QueryParam("sessionPkId") String sessionPkId) {
        return answer(caller -> {
            RecordKey key = readable(caller, SessionPkId.parse(sessionPkId));
            return CasdoorJson.ok(records().get(key));
        });
    }

    @POST
    @Path("api/add-session")
    @Consumes({
        MediaType.TEXT_PLAIN,
        MediaType.APPLICATION_JSON,
        MediaType.APPLICATION_FORM_URLENCODED,
        MediaType.APPLICATION_OCTET_STREAM
    })
    public Response addSession(String body) {
        return answer(caller -> {
            caller.requireChange();
            SessionBody parsed = SessionBody.parse(body);
            RecordKey key = registrable(caller, parsed.pkId());
            return CasdoorJson.affected(records().add(key, parsed));
        });
    }

    @POST
    @Path("api/update-session")
    @Consumes({
        MediaType.TEXT_PLAIN,
        MediaType.APPLICATION_JSON,
        MediaType.APPLICATION_FORM_URLENCODED,
        MediaType.APPLICATION_OCTET_STREAM
    })
    public Response updateSession(String body) {
        return answer(caller -> {
            caller.requireChange();
            SessionBody parsed = SessionBody.parse(body);
            RecordKey key = registrable(caller, parsed.pkId());
            return CasdoorJson.affected(records().update(key, parsed));
        });
    }

    @POST
    @Path("api/delete-session")
    @Consumes({
        MediaType.TEXT_PLAIN,
        MediaType.APPLICATION_JSON,
        MediaType.APPLICATION_FORM_URLENCODED,
        MediaType.APPLICATION_OCTET_STREAM
    })
    public Response deleteSession(@QueryParam("sessionId") String sessionId, String body) {
        return answer(caller -> {
            caller.requireChange();
            SessionBody parsed = SessionBody.parse(body);
            RecordKey key = changeable(caller, parsed.pkId());
            CasdoorBounds.check("sessionId", sessionId, CasdoorBounds.MAX_SESSION_ID);
            boolean changed = sessionId == null || sessionId.isEmpty()
                    ? records().endAll(key, caller.scope(), caller.client())
                    : records().endOne(key, sessionId, caller.scope(), caller.client());
            return CasdoorJson.affected(changed);
        });
    }

    @GET
    @Path("api/is-session-duplicated")
    public Response isSessionDuplicated(
            @QueryParam("sessionPkId") String sessionPkId, @QueryParam("sessionId") String sessionId) {
        return answer(caller -> {
            RecordKey key = readable(caller, SessionPkId.parse(sessionPkId));
            CasdoorBounds.check("sessionId", sessionId, CasdoorBounds.MAX_SESSION_ID);
            return CasdoorJson.ok(Duplication.isDuplicated(records().get(key), sessionId));
        });
    }

    @GET
    @Path("api/sso-logout")
    public Response ssoLogoutGet(@QueryParam("logoutAll") String logoutAll) {
        return ssoLogout(logoutAll, null);
    }

    /**
     * Signs the token's user out: everywhere by default, or only the token's session. Without a valid token it
     * answers "ok" and does nothing, as Casdoor does; a valid token that may not sign its user out (see
     * {@link CasdoorAuthenticator#ssoLogoutUser}) is an error, and nothing ends.
     */
    @POST
    @Path("api/sso-logout")
    @Consumes({
        MediaType.TEXT_PLAIN,
        MediaType.APPLICATION_JSON,
        MediaType.APPLICATION_FORM_URLENCODED,
        MediaType.APPLICATION_OCTET_STREAM
    })
    public Response ssoLogout(@QueryParam("logoutAll") String logoutAll, String ignoredBody) {
        // The body is declared only so that the content type is matched before the HTTP layer parses a multipart one.
        AccountAccess user;
        try {
            user = authenticator().ssoLogoutUser();
        } catch (CasdoorException e) {
            return json(CasdoorJson.error(e.getMessage()));
        }
        if (user != null) {
            boolean all = logoutAll == null || logoutAll.isEmpty() || "true".equals(logoutAll) || "1".equals(logoutAll);
            if (all) {
                long ended = records().ssoLogoutAll(user.user(), user.client());
                LOG.debugf("Casdoor sso-logout ended %d sessions in realm %s", ended, realm.getName());
            } else {
                records().ssoLogoutOne(user.user(), user.token().getSessionId(), user.client());
            }
        }
        return json(CasdoorJson.ok(null));
    }

    private Response answer(Function<CasdoorAuthenticator.Caller, String> route) {
        try {
            CasdoorAuthenticator.Caller caller = authenticator().authenticate();
            return json(route.apply(caller));
        } catch (CasdoorException e) {
            // Nothing was changed before the error: every check comes before the first write.
            return json(CasdoorJson.error(e.getMessage()));
        }
    }

    private RecordKey readable(CasdoorAuthenticator.Caller caller, SessionPkId id) {
        caller.requireRead();
        requireThisRealm(id.owner());
        RecordKey key = id.key();
        if (!caller.scope().canRead(key)) {
            throw CasdoorException.unauthorized();
        }
        return key;
    }

    private RecordKey changeable(CasdoorAuthenticator.Caller caller, SessionPkId id) {
        requireThisRealm(id.owner());
        RecordKey key = id.key();
        if (!caller.scope().canEnd(key)) {
            throw CasdoorException.unauthorized();
        }
        return key;
    }

    private RecordKey registrable(CasdoorAuthenticator.Caller caller, SessionPkId id) {
        requireThisRealm(id.owner());
        RecordKey key = id.key();
        if (!caller.scope().canRegister(key)) {
            throw CasdoorException.unauthorized();
        }
        return key;
    }

    /** Owners are realms, and this endpoint serves one: another owner is another realm's business. */
    private void requireThisRealm(String owner) {
        if (!realm.getName().equals(owner)) {
            throw CasdoorException.unauthorized();
        }
    }

    private CasdoorAuthenticator authenticator() {
        return new CasdoorAuthenticator(session, realm, options.allowQueryCredentials());
    }

    private CasdoorSessions records() {
        return new CasdoorSessions(session, realm, options.maxListedSessions(), options.maxRecordsPerApplication());
    }

    private static Response json(String body) {
        return Response.ok(body, JSON_UTF8).header("Cache-Control", "no-store").build();
    }
}
