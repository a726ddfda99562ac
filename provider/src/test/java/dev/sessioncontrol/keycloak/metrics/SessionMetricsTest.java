package dev.sessioncontrol.keycloak.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.keycloak.sessions.RealmStats;
import dev.sessioncontrol.keycloak.sessions.SessionChange;
import dev.sessioncontrol.keycloak.sessions.SessionCounts;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.keycloak.models.KeycloakSession;

class SessionMetricsTest {

    private final List<Runnable> background = new ArrayList<>();
    private final Map<SessionFilter, Long> database = new HashMap<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /**
     * The node's kept counts as the gauges see them (their own rules are tested with them): unknown until counted in
     * the background, then as kept.
     */
    private final Map<SessionFilter, Long> kept = new HashMap<>();

    private final SessionCounts counts = new SessionCounts() {
        @Override
        public double peek(String realmId, SessionFilter filter) {
            Long value = kept.get(filter);
            if (value == null) {
                background.add(() -> kept.put(filter, database.getOrDefault(filter, 0L)));
                return Double.NaN;
            }
            return value;
        }

        @Override
        public long count(String realmId, SessionFilter filter, LongSupplier inRequest) {
            throw new UnsupportedOperationException();
        }

        @Override
        public RealmStats stats(
                String realmId,
                RealmStats.Query query,
                Supplier<RealmStats> inRequest,
                Function<Set<String>, Map<String, Long>> userCounts) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void record(KeycloakSession session, SessionChange change) {}

        @Override
        public void recordStale(KeycloakSession session, String realmId) {}

        @Override
        public void whenReportedElsewhere(Consumer<String> listener) {}
    };
    private final SessionMetrics metrics = new SessionMetrics(registry, counts, 10, Runnable::run, null);

    private double gauge(String deviceType, SessionType type) {
        Gauge gauge = registry.find(SessionMetrics.SESSIONS)
                .tags("realm", "demo", "device_type", deviceType, "type", type.name())
                .gauge();
        return gauge == null ? -1 : gauge.value();
    }

    /** The realm's session gauges, by the realm's name. */
    private java.util.Collection<Gauge> gauges(String realm) {
        return registry.find(SessionMetrics.SESSIONS).tag("realm", realm).gauges();
    }

    /** The realm's refusal counters, by the realm's name. */
    private java.util.Collection<io.micrometer.core.instrument.Counter> counters(String realm) {
        return registry.find(SessionMetrics.REFUSED).tag("realm", realm).counters();
    }

    private void runBackground() {
        List<Runnable> work = new ArrayList<>(background);
        background.clear();
        work.forEach(Runnable::run);
    }

    @Test
    void gaugesReadTheKeptCountsNeverTheDatabaseInTheScrape() {
        database.put(SessionFilter.ofDeviceType("Web").withType(SessionType.REGULAR), 7L);
        database.put(SessionFilter.ofDeviceType("Mobile").withType(SessionType.OFFLINE), 3L);
        metrics.watch("r", "demo", List.of());
        assertTrue(
                Double.isNaN(gauge("Web", SessionType.REGULAR)),
                "unknown until counted, and not counted in the scrape");
        registry.find(SessionMetrics.SESSIONS).gauges().forEach(Gauge::value); // the first scrape starts every count
        runBackground();
        assertEquals(7, gauge("Web", SessionType.REGULAR));
        assertEquals(3, gauge("Mobile", SessionType.OFFLINE));
        assertEquals(0, gauge("Desktop", SessionType.REGULAR));
        kept.merge(SessionFilter.ofDeviceType("Web").withType(SessionType.REGULAR), 1L, Long::sum);
        assertEquals(8, gauge("Web", SessionType.REGULAR), "what the counts keep is seen at the next scrape");
        assertTrue(background.isEmpty(), "no recount before the time to live");
    }

    @Test
    void deviceTypeLabelsAreBoundedAndTheRestIsOther() {
        List<String> declared =
                IntStream.range(0, 30).mapToObj(i -> "Kiosk" + i).toList();
        metrics.watch("r", "demo", declared);
        Set<String> labels = registry.find(SessionMetrics.SESSIONS).gauges().stream()
                .map(g -> g.getId().getTag("device_type"))
                .collect(Collectors.toSet());
        assertEquals(SessionMetrics.MAX_DEVICE_TYPES + 1, labels.size(), "at most the bound, plus other: " + labels);
        assertTrue(labels.containsAll(Set.of("Web", "Mobile", "Desktop", "Tablet", "OAuth", "other")));
        assertEquals("Kiosk0", metrics.deviceTypeLabel("r", "Kiosk0"));
        assertEquals("other", metrics.deviceTypeLabel("r", "Kiosk29"));
        assertEquals("other", metrics.deviceTypeLabel("r", null));

        database.put(SessionFilter.NONE.withType(SessionType.REGULAR), 10L);
        database.put(SessionFilter.ofDeviceType("Web").withType(SessionType.REGULAR), 6L);
        gauge("other", SessionType.REGULAR);
        runBackground();
        assertEquals(4, gauge("other", SessionType.REGULAR), "all regular sessions minus those of labelled types");
    }

    @Test
    void aRemovedRealmTakesItsMetersAlong() {
        metrics.watch("r", "demo", List.of("Kiosk"));
        metrics.refusedFor("r", "Mobile");
        assertTrue(gauges("demo").size() > 0);
        metrics.forget("r");
        assertTrue(gauges("demo").isEmpty());
        assertTrue(counters("demo").isEmpty());
    }

    @Test
    void aRenamedRealmsMetersTakeTheNewName() {
        metrics.watch("r", "demo", List.of());
        metrics.refusedFor("r", "Mobile");
        metrics.follow("r", "renamed");
        assertTrue(gauges("demo").isEmpty());
        assertTrue(counters("demo").isEmpty());
        assertFalse(gauges("renamed").isEmpty());
        metrics.refusedFor("r", "Mobile");
        assertEquals(
                1,
                registry.find(SessionMetrics.REFUSED)
                        .tag("realm", "renamed")
                        .counter()
                        .count());
    }

    @Test
    void countersOfRealmsBeyondTheBoundCountAsOther() {
        for (int i = 0; i <= 10; i++) {
            metrics.watch("r" + i, "realm" + i, List.of());
        }
        metrics.refusedFor("r10", "Mobile");
        metrics.refusedFor("never-watched", "Mobile");
        assertTrue(counters("realm10").isEmpty());
        assertEquals(
                2,
                registry.find(SessionMetrics.REFUSED)
                        .tags("realm", "other", "device_type", "other")
                        .counter()
                        .count());
        assertEquals(
                10 * SessionType.values().length,
                registry.find(SessionMetrics.SESSIONS)
                        .tag("device_type", "other")
                        .gauges()
                        .size(),
                "gauges for the bounded realms only");
    }
}
