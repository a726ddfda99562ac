package dev.sessioncontrol.keycloak.casdoor;

import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.Page;
import dev.sessioncontrol.keycloak.sessions.PageCursor;
import dev.sessioncontrol.keycloak.sessions.Paging;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.SessionSort;
import dev.sessioncontrol.keycloak.sessions.SessionView;
import dev.sessioncontrol.keycloak.sessions.bulk.BulkEnding;
import dev.sessioncontrol.keycloak.sessions.bulk.CutOff;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;

/**
 * Casdoor records of one realm, translated from and to the session service: reads live sessions through
 * {@link SessionService}'s paged queries, ends them only through it, and keeps registered ids in the store.
 * Authorization is the caller's business; this class does what it is asked.
 */
final class CasdoorSessions {

    private static final Logger LOG = Logger.getLogger(CasdoorSessions.class);

    private final KeycloakSession session;
    private final RealmModel realm;
    private final SessionService service;
    private final RegisteredSessionStore store;
    private final RecordAssembler assembler;
    private final int maxListed;
    private final int maxRecordsPerApplication;

    /**
     * @param maxListed                the most live sessions, and the most registered records, one listing reads
     * @param maxRecordsPerApplication the most records one application may register in the realm
     */
    CasdoorSessions(KeycloakSession session, RealmModel realm, int maxListed, int maxRecordsPerApplication) {
        this.session = session;
        this.realm = realm;
        this.service = new SessionService(session, realm);
        this.store = new RegisteredSessionStore(session, realm.getId());
        this.assembler = new RecordAssembler(realm.getName(), ZoneId.systemDefault());
        this.maxListed = maxListed;
        this.maxRecordsPerApplication = maxRecordsPerApplication;
    }

    /** The records the caller may see; the query narrows to its own user or application when it sees no more. */
    List<CasdoorRecord> list(CallerScope scope) {
        SessionFilter filter = SessionFilter.NONE;
        String userName = null;
        String application = null;
        if (!scope.seesEverything() && scope.application() != null) {
            application = scope.application();
            ClientModel client = realm.getClientByClientId(application);
            filter = client == null ? SessionFilter.ofUsers(List.of()) : SessionFilter.ofClient(client.getId());
        } else if (!scope.seesEverything()) {
            userName = scope.username();
            UserModel user = session.users().getUserByUsername(realm, userName);
            filter = SessionFilter.ofUsers(user == null ? List.of() : List.of(user.getId()));
        }
        return assembler.assemble(views(filter), store.list(userName, application, maxListed), scope::canRead);
    }

    /** The record, or null when it has neither live sessions nor registered ids. */
    CasdoorRecord get(RecordKey key) {
        return assembler.single(key, liveSessions(key), store.find(key));
    }

    /** Casdoor's add-session. @return whether the stored record changed */
    boolean add(RecordKey key, SessionBody body) {
        Registration existing = store.findForInsert(key);
        Registration added = Registration.add(existing, key, body.sessionId(), body.exclusiveSignin(), now());
        if (added.sameContent(existing) || added.ids().isEmpty() && existing == null) {
            return false;
        }
        if (existing == null) {
            requireRoomFor(key);
        }
        store.save(added);
        return true;
    }

    /** Casdoor's update-session; a record that does not exist is not created. @return whether it changed */
    boolean update(RecordKey key, SessionBody body) {
        // The live sessions are read before the record's lock is taken: no lock is held across a listing.
        Set<String> live = liveIds(key);
        Registration existing = store.findForInsert(key);
        if (existing == null && live.isEmpty()) {
            return false;
        }
        Registration updated = Registration.update(
                existing, key, body.createdTime(), body.sessionId(), body.exclusiveSignin(), live, now());
        if (updated.sameContent(existing)) {
            return false;
        }
        if (existing == null) {
            requireRoomFor(key);
        }
        // Saved even without ids of its own: the row is what carries createdTime for a record of live sessions.
        store.save(updated);
        return true;
    }

    /**
     * Ends one id of the record: a live Keycloak session through the session service, a registered id by removing
     * it. Never the caller's current session.
     */
    boolean endOne(RecordKey key, String sessionId, CallerScope scope, ClientModel actor) {
        if (sessionId.equals(scope.currentSessionId())) {
            throw new CasdoorException(currentSession(sessionId));
        }
        boolean changed = false;
        if (liveIds(key).contains(sessionId)) {
            changed = service.endById(sessionId, EndReason.CASDOOR_API, actor, Map.of()) > 0;
        }
        Registration registration = store.findForUpdate(key);
        if (registration != null && registration.ids().contains(sessionId)) {
            Registration rest = registration.without(sessionId);
            // As in Casdoor, taking out the last id drops the record.
            if (rest.ids().isEmpty()) {
                store.remove(key);
            } else {
                store.save(rest);
            }
            changed = true;
        }
        return changed;
    }

    /** Ends every session of the record and forgets its registered ids, unless it holds the caller's session. */
    boolean endAll(RecordKey key, CallerScope scope, ClientModel actor) {
        List<SessionView> live = liveSessions(key);
        Registration registration = store.find(key);
        String current = scope.currentSessionId();
        if (current != null
                && (live.stream().anyMatch(s -> s.id().equals(current))
                        || registration != null && registration.ids().contains(current))) {
            // Casdoor's literal wording, prefix included.
            throw new CasdoorException("session:" + currentSession(current));
        }
        UserModel user = session.users().getUserByUsername(realm, key.name());
        ClientModel client = realm.getClientByClientId(key.application());
        long ended = 0;
        if (!live.isEmpty() && user != null && client != null) {
            // Not the user's not-before: their sessions without this application live on. Ended before the answer.
            BulkEnding.Progress progress = BulkEnding.start(
                    session,
                    realm,
                    BulkEnding.Scope.userInClient(user.getId(), client.getId()),
                    null,
                    EndReason.CASDOOR_API,
                    actor,
                    CutOff.NONE);
            ended = progress.ended() + progress.remaining();
        }
        boolean removed = registration != null && store.remove(key);
        LOG.debugf("Casdoor delete-session ended %d sessions in realm %s", ended, realm.getName());
        return ended > 0 || removed;
    }

    /** Single sign-out of every session of the user in the realm, and of their registered ids. */
    long ssoLogoutAll(UserModel user, ClientModel actor) {
        BulkEnding.Progress progress = BulkEnding.start(
                session,
                realm,
                BulkEnding.Scope.user(user.getId()),
                null,
                EndReason.SSO_LOGOUT,
                actor,
                CutOff.user(user.getId()));
        store.removeUser(user.getUsername());
        return progress.ended() + progress.remaining();
    }

    /** Single sign-out of one session of the user (its regular and offline forms). */
    boolean ssoLogoutOne(UserModel user, String sessionId, ClientModel actor) {
        List<UserSessionModel> forms = service.findAll(sessionId);
        if (forms.isEmpty() || !forms.get(0).getUser().getId().equals(user.getId())) {
            return false;
        }
        return service.endById(sessionId, EndReason.SSO_LOGOUT, actor, Map.of()) > 0;
    }

    /** A new record must fit under the application's cap; extending one it holds always does. */
    private void requireRoomFor(RecordKey key) {
        if (store.countApplication(key.application()) >= maxRecordsPerApplication) {
            throw new CasdoorException(tooManyRecords(key.application(), maxRecordsPerApplication));
        }
    }

    static String tooManyRecords(String application, int max) {
        return "application " + application + " already has " + max
                + " registered records, the most this server keeps; delete some first";
    }

    static String currentSession(String sessionId) {
        return "session id " + sessionId + " is the current session and cannot be deleted";
    }

    private Set<String> liveIds(RecordKey key) {
        return liveSessions(key).stream().map(SessionView::id).collect(Collectors.toSet());
    }

    /** The live sessions of one user that hold a client session of one client. */
    private List<SessionView> liveSessions(RecordKey key) {
        UserModel user = session.users().getUserByUsername(realm, key.name());
        ClientModel client = realm.getClientByClientId(key.application());
        if (user == null || client == null) {
            return List.of();
        }
        return views(SessionFilter.ofUser(user.getId()).withClient(client.getId()));
    }

    /** All matching live sessions, oldest first, read a page at a time and at most {@code maxListed}. */
    private List<SessionView> views(SessionFilter filter) {
        List<SessionView> views = new ArrayList<>();
        PageCursor after = null;
        while (views.size() < maxListed) {
            int size = Math.min(SessionService.MAX_PAGE_SIZE, maxListed - views.size());
            Page<SessionView> page =
                    service.list(filter, SessionSort.STARTED_ASC, new Paging(0, size, after, null), null);
            views.addAll(page.items());
            if (page.next() == null) {
                break;
            }
            after = PageCursor.parse(page.next(), SessionSort.STARTED_ASC);
        }
        if (views.size() >= maxListed) {
            LOG.debugf("Casdoor listing of realm %s stopped at %d sessions", realm.getName(), maxListed);
        }
        return views;
    }

    private static String now() {
        return CasdoorTime.format(Instant.now(), ZoneId.systemDefault());
    }
}
