package dev.sessioncontrol.keycloak.sessions;

import java.util.Set;
import java.util.TreeSet;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserSessionModel;

/**
 * What the cached counts need to know of one session to tell which of them it belongs to: the same facts the
 * listing filters and the stats group by.
 *
 * @param offline     an offline session (else regular)
 * @param clientUuids internal ids of the clients it holds a client session of
 * @param ip          address at sign-in
 * @param lastIp      most recent address, or null when it is the sign-in address
 * @param country     the sign-in address's country ({@link Place}), or null when unknown
 * @param lastCountry the last address's country, or null when unknown or the last address is the sign-in one
 */
public record SessionFacts(
        String userId,
        boolean offline,
        String deviceType,
        Set<String> clientUuids,
        String ip,
        String lastIp,
        String country,
        String lastCountry) {

    public SessionFacts {
        clientUuids = clientUuids == null ? Set.of() : Set.copyOf(clientUuids);
    }

    /** The facts of a Keycloak session as it is now. */
    public static SessionFacts of(UserSessionModel s) {
        Set<String> clients = new TreeSet<>();
        for (AuthenticatedClientSessionModel c :
                s.getAuthenticatedClientSessions().values()) {
            ClientModel client = c.getClient();
            if (client != null) {
                clients.add(client.getId());
            }
        }
        return new SessionFacts(
                s.getUser().getId(),
                s.isOffline(),
                s.getNote(SessionNotes.DEVICE_TYPE),
                clients,
                s.getIpAddress(),
                s.getNote(SessionNotes.LAST_IP),
                country(s.getNote(SessionNotes.PLACE)),
                country(s.getNote(SessionNotes.LAST_PLACE)));
    }

    private static String country(String placeNote) {
        Place place = Place.ofNote(placeNote);
        return place == null ? null : place.countryCode();
    }

    /**
     * Whether a realm-wide listing with this filter counts the session, as {@link SessionIndex} finds it on the
     * session's indexed facts. Only {@link SessionFilter#keepable} filters are asked here: not those naming users or
     * bounding the start.
     */
    public boolean matches(SessionFilter filter) {
        if (filter.userIds() != null) {
            return filter.userIds().contains(userId);
        }
        if (filter.type() != null && filter.type().offline() != offline) {
            return false;
        }
        if (filter.clientUuid() != null && !clientUuids.contains(filter.clientUuid())) {
            return false;
        }
        if (filter.deviceType() != null && !filter.deviceType().equals(deviceType)) {
            return false;
        }
        if (filter.country() != null
                && !filter.country().equals(country)
                && !filter.country().equals(lastCountry)) {
            return false;
        }
        return filter.address() == null
                || filter.address().matches(ip)
                || filter.address().matches(lastIp);
    }
}
