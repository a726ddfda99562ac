package dev.sessioncontrol.keycloak.geo;

import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.sessions.Place;
import dev.sessioncontrol.keycloak.sessions.SessionNotes;
import dev.sessioncontrol.keycloak.sessions.SessionRecorder;
import dev.sessioncontrol.keycloak.sessions.SessionView;
import dev.sessioncontrol.keycloak.sessions.UserLock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * What a new session's place means for its user, in the sign-in's own transaction: the user's known countries and
 * last sign-in ({@link KnownPlaceStore}) are updated (not again for a sign-in from the same place within minutes), and a sign-in too far from the previous one for the time
 * between them ({@link Travel}) is flagged on the session and counted. A sign-in without a place changes nothing.
 */
public final class PlaceWatch {

    /** The alert kind in {@code keycloak_session_control_alerts_total}. */
    public static final String IMPOSSIBLE_TRAVEL_ALERT = "impossible-travel";

    /**
     * What the sign-in showed.
     *
     * @param newCountry a country the user had not signed in from, and not their first sign-in seen
     * @param from       the previous sign-in's place when the travel was impossible, else null
     */
    public record Sighting(boolean newCountry, Place from, long fromAt) {
        static final Sighting NOTHING = new Sighting(false, null, 0);

        public boolean impossibleTravel() {
            return from != null;
        }
    }

    /** A sign-in from the place of the user's last one, this soon after it, leaves the row as it is. */
    static final long SEEN_AGAIN_MILLIS = 5 * 60 * 1000L;

    private PlaceWatch() {}

    public static Sighting signedIn(KeycloakSession session, RealmModel realm, UserSessionModel userSession) {
        Place place = Place.ofNote(userSession.getNote(SessionNotes.PLACE));
        if (place == null) {
            return Sighting.NOTHING;
        }
        String userId = userSession.getUser().getId();
        KnownPlaceStore store = new KnownPlaceStore(session, realm.getId());
        long now = Time.currentTimeMillis();
        List<KnownPlaceEntity> rows = store.of(userId);
        Optional<KnownPlaceEntity> same = country(rows, place);
        if (same.isEmpty()) {
            // A new country: decided again under the user's lock, so parallel sign-ins on any node take turns.
            UserLock.lock(session, userId);
            rows = store.of(userId);
            same = country(rows, place);
        }
        KnownPlaceEntity previous = rows.isEmpty() ? null : rows.get(0); // the last signed in from first
        Place from = previous == null ? null : Place.ofNote(previous.getPlace());
        boolean impossible = previous != null
                && Travel.impossible(
                        from,
                        previous.getLastSeen(),
                        place,
                        now,
                        SessionControlConfig.of(realm).impossibleTravelKmh());
        boolean newCountry = same.isEmpty() && !rows.isEmpty();
        if (same.isPresent()) {
            if (!seenJustNow(same.get(), previous, place, now)) {
                store.seen(same.get(), place, now);
            }
        } else {
            store.add(userId, place, now);
        }
        if (impossible) {
            flag(userSession, SessionView.IMPOSSIBLE_TRAVEL);
            SessionRecorder recorder = session.getProvider(SessionRecorder.class);
            if (recorder != null) {
                recorder.alerted(session, realm, IMPOSSIBLE_TRAVEL_ALERT);
            }
        }
        return new Sighting(newCountry, impossible ? from : null, impossible ? previous.getLastSeen() : 0);
    }

    /**
     * Whether the row already says this: the same place, the user's last sign-in, within {@link #SEEN_AGAIN_MILLIS}.
     * Its update is then skipped (a sign-in every few seconds would otherwise rewrite it each time); the row stays the
     * last one, so what the next sign-in compares with is unchanged but for up to that much of its time.
     */
    static boolean seenJustNow(KnownPlaceEntity row, KnownPlaceEntity last, Place place, long now) {
        return row == last
                && place.note().equals(row.getPlace())
                && now - row.getLastSeen() >= 0
                && now - row.getLastSeen() < SEEN_AGAIN_MILLIS;
    }

    private static Optional<KnownPlaceEntity> country(List<KnownPlaceEntity> rows, Place place) {
        return rows.stream()
                .filter(row -> row.getCountry().equals(place.countryCode()))
                .findFirst();
    }

    private static void flag(UserSessionModel userSession, String flag) {
        String note = userSession.getNote(SessionNotes.FLAGS);
        LinkedHashSet<String> flags = new LinkedHashSet<>();
        if (note != null && !note.isBlank()) {
            flags.addAll(new ArrayList<>(List.of(note.split(","))));
        }
        flags.add(flag);
        userSession.setNote(SessionNotes.FLAGS, String.join(",", flags));
    }
}
