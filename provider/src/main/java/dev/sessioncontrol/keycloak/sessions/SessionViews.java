package dev.sessioncontrol.keycloak.sessions;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.keycloak.device.DeviceActivityManager;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.SessionExpirationUtils;
import org.keycloak.representations.account.DeviceRepresentation;

/** Builds the {@link SessionView} of a Keycloak user session. */
final class SessionViews {

    private SessionViews() {}

    static SessionView of(UserSessionModel s, String currentSessionId, Locale locale) {
        RealmModel realm = s.getRealm();
        long started = s.getStarted() * 1000L;
        long lastAccess = s.getLastSessionRefresh() * 1000L;
        String lastIp = s.getNote(SessionNotes.LAST_IP);
        List<SessionView.ClientRef> clients = clients(s);
        SessionView.Device device = device(s);
        return new SessionView(
                s.getId(),
                SessionType.of(s.isOffline()),
                SessionView.mask(s.getId()),
                s.getUser().getId(),
                s.getUser().getUsername(),
                clients,
                s.getNote(SessionNotes.DEVICE_TYPE),
                device,
                DeviceText.of(device, clients),
                s.getIpAddress(),
                lastIp != null ? lastIp : s.getIpAddress(),
                started,
                lastAccess,
                expires(realm, s.isOffline(), s.isRememberMe(), started, lastAccess),
                s.isRememberMe(),
                s.getId().equals(currentSessionId),
                location(s.getNote(SessionNotes.PLACE), locale),
                lastIp == null
                        ? location(s.getNote(SessionNotes.PLACE), locale)
                        : location(s.getNote(SessionNotes.LAST_PLACE), locale),
                flags(s.getNote(SessionNotes.FLAGS)));
    }

    private static SessionView.Location location(String note, Locale locale) {
        Place place = Place.ofNote(note);
        return place == null ? null : place.location(locale);
    }

    static List<String> flags(String note) {
        if (note == null || note.isBlank()) {
            return List.of();
        }
        return Arrays.stream(note.split(","))
                .map(String::strip)
                .filter(f -> !f.isEmpty())
                .distinct()
                .toList();
    }

    /** When the session ends if nothing happens: the earlier of its idle and max-lifespan limits. */
    static long expires(
            RealmModel realm, boolean offline, boolean rememberMe, long startedMillis, long lastAccessMillis) {
        long idle =
                SessionExpirationUtils.calculateUserSessionIdleTimestamp(offline, rememberMe, lastAccessMillis, realm);
        long max = SessionExpirationUtils.calculateUserSessionMaxLifespanTimestamp(
                offline, rememberMe, startedMillis, realm);
        if (idle <= 0) {
            return max;
        }
        return max <= 0 ? idle : Math.min(idle, max);
    }

    private static List<SessionView.ClientRef> clients(UserSessionModel s) {
        return s.getAuthenticatedClientSessions().values().stream()
                .map(AuthenticatedClientSessionModel::getClient)
                .filter(Objects::nonNull)
                .sorted(Comparator.comparing(ClientModel::getClientId))
                .map(c ->
                        new SessionView.ClientRef(c.getClientId(), c.getName() == null ? c.getClientId() : c.getName()))
                .toList();
    }

    private static SessionView.Device device(UserSessionModel s) {
        DeviceRepresentation d = DeviceActivityManager.getCurrentDevice(s);
        if (d == null) {
            return null;
        }
        return new SessionView.Device(d.getOs(), d.getOsVersion(), d.getBrowser(), d.getDevice(), d.isMobile());
    }
}
