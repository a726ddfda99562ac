package dev.sessioncontrol.keycloak.sessions;

import com.fasterxml.jackson.core.type.TypeReference;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.events.EventType;
import org.keycloak.events.jpa.EventEntity;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.util.JsonSerialization;

/**
 * The realm's ended sessions, newest first, from the {@code LOGOUT} events Keycloak stored (the realm's event
 * settings decide whether they are kept, and for how long). Each page is one query in the database.
 */
public final class SessionHistory {

    private static final Logger LOG = Logger.getLogger(SessionHistory.class);
    private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

    private final KeycloakSession session;
    private final RealmModel realm;

    public SessionHistory(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /**
     * Whether the realm stores {@code LOGOUT} events: events saved, and {@code LOGOUT} among the saved types (none
     * chosen means Keycloak's defaults, which have it).
     */
    public boolean eventsStored() {
        if (!realm.isEventsEnabled()) {
            return false;
        }
        Set<String> types = realm.getEnabledEventTypesStream().collect(Collectors.toSet());
        return types.isEmpty() ? EventType.LOGOUT.isSaveByDefault() : types.contains(EventType.LOGOUT.name());
    }

    /**
     * One page of ended sessions, newest first.
     *
     * @param userId one user's only, or null for everyone's
     * @param reason those ended for this reason only, or null for all
     */
    public List<EndedSession> page(String userId, EndReason reason, int first, int max, Locale locale) {
        if (max <= 0) {
            return List.of();
        }
        List<EndedSession.StoredLogout> events = query(userId, reason, first, max);
        Map<String, String> usernames = new HashMap<>();
        Map<String, String> clientNames = new HashMap<>();
        return events.stream()
                .map(e -> EndedSession.of(
                        e,
                        id -> usernames.computeIfAbsent(id, this::username),
                        id -> clientNames.computeIfAbsent(id, this::clientName),
                        locale))
                .toList();
    }

    /**
     * Keycloak's own event query cannot filter on a detail, and orders by time alone (events of one millisecond,
     * frequent in a bulk ending, could then move between pages): the same table is read here, ordered by time and id.
     * The reason is matched on the exact JSON Keycloak writes for it, in whichever column holds the details (the
     * long one since Keycloak 23, the short one before).
     */
    private List<EndedSession.StoredLogout> query(String userId, EndReason reason, int first, int max) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        StringBuilder jpql =
                new StringBuilder("select e from EventEntity e where e.realmId = :realm and e.type = :type");
        if (userId != null) {
            jpql.append(" and e.userId = :user");
        }
        if (reason != null) {
            jpql.append(" and (e.detailsJsonLongValue like :reason or e.detailsJson like :reason)");
        }
        jpql.append(" order by e.time desc, e.id desc");
        TypedQuery<EventEntity> query = em.createQuery(jpql.toString(), EventEntity.class)
                .setParameter("realm", realm.getId())
                .setParameter("type", EventType.LOGOUT.name())
                .setFirstResult(first)
                .setMaxResults(max);
        if (userId != null) {
            query.setParameter("user", userId);
        }
        if (reason != null) {
            // The reason values hold no LIKE wildcards, and inside a detail's value JSON escapes the quotes.
            query.setParameter("reason", "%\"" + EndReason.DETAIL + "\":\"" + reason.value() + "\"%");
        }
        return query.getResultList().stream()
                .map(e -> new EndedSession.StoredLogout(
                        e.getTime(), e.getUserId(), e.getSessionId(), e.getIpAddress(), e.getClientId(), details(e)))
                .toList();
    }

    private static Map<String, String> details(EventEntity e) {
        String json = e.getDetailsJson();
        if (json == null || json.isEmpty()) {
            return Map.of();
        }
        try {
            Map<String, String> details = JsonSerialization.readValue(json, DETAILS);
            return details == null ? Map.of() : details;
        } catch (IOException | RuntimeException ex) {
            LOG.debugf(ex, "Unreadable details of event %s", e.getId());
            return Map.of();
        }
    }

    private String username(String userId) {
        UserModel user = session.users().getUserById(realm, userId);
        return user == null ? null : user.getUsername();
    }

    private String clientName(String clientId) {
        ClientModel client = realm.getClientByClientId(clientId);
        if (client == null) {
            return null;
        }
        return client.getName() == null || client.getName().isBlank() ? clientId : client.getName();
    }
}
