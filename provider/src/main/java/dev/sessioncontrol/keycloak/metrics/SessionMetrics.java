package dev.sessioncontrol.keycloak.metrics;

import dev.sessioncontrol.keycloak.device.DeviceTypes;
import dev.sessioncontrol.keycloak.sessions.EndReason;
import dev.sessioncontrol.keycloak.sessions.SessionCounts;
import dev.sessioncontrol.keycloak.sessions.SessionFilter;
import dev.sessioncontrol.keycloak.sessions.SessionRecorder;
import dev.sessioncontrol.keycloak.sessions.SessionType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.DoubleSupplier;
import org.jboss.logging.Logger;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The extension's metrics, on Keycloak's own registry (Micrometer's global registry, which Keycloak serves at the
 * management port's {@code /metrics} with {@code --metrics-enabled=true}):
 * <ul>
 *   <li>{@code keycloak_session_control_sessions{realm,device_type,type}}: live sessions, read from the node's kept
 *       counts ({@link SessionCounts#peek}); a scrape never counts in the database. A count not kept yet is made in
 *       the background, and the gauge has no value (NaN) until it is known;</li>
 *   <li>{@code keycloak_session_control_ended_total{realm,reason}}: sessions ended through the one ending path,
 *       counted when the ending committed;</li>
 *   <li>{@code keycloak_session_control_refused_total{realm,device_type}}: sign-ins refused by {@code DenyNew}.</li>
 * </ul>
 * Every label is bounded. Device types are free strings: per realm the built-in types, then the types its clients
 * declare or its sessions carry, at most {@link #MAX_DEVICE_TYPES} in all; any further type is counted under
 * {@code other}. Realms: at most as many as the counts keep have meters of their own; the counters of any
 * further realm are counted under {@code realm="other"} (such a realm has no gauges). Meters are labelled with the
 * realm's name and follow a rename (the old name's series end, the new name's start), noticed on the realm's next
 * sign-in, ending or refusal, or by {@link #follow} (the factory's periodic check). One instance per node, owned by
 * {@link SessionMetricsProviderFactory}; the session service tells it what happens through {@link SessionRecorder}.
 */
final class SessionMetrics implements SessionRecorder {

    static final String SESSIONS = "keycloak.session.control.sessions";
    static final String ENDED = "keycloak.session.control.ended";
    static final String REFUSED = "keycloak.session.control.refused";
    static final String ALERTS = "keycloak.session.control.alerts";
    /** The device-type label of every type beyond a realm's first {@link #MAX_DEVICE_TYPES}. */
    static final String OTHER = "other";
    /** Distinct device-type labels per realm, {@code other} not included. */
    static final int MAX_DEVICE_TYPES = 20;

    /** Endings of the current request, counted once it commits. */
    private static final String PENDING = SessionMetrics.class.getName() + ".pending";

    private static final Logger LOG = Logger.getLogger(SessionMetrics.class);

    private final MeterRegistry registry;
    private final SessionCounts counts;
    private final int maxRealms;
    /** Registers the gauges of realms other nodes report (the cluster listener's thread must not wait). */
    private final Executor background;

    private final KeycloakSessionFactory factory;
    /** By realm id. */
    private final Map<String, RealmMeters> realms = new ConcurrentHashMap<>();

    SessionMetrics(
            MeterRegistry registry,
            SessionCounts counts,
            int maxRealms,
            Executor background,
            KeycloakSessionFactory factory) {
        this.registry = registry;
        this.counts = counts;
        this.maxRealms = maxRealms;
        this.background = background;
        this.factory = factory;
    }

    /**
     * Makes sure the realm has its session gauges, for the built-in device types and {@code declared} (the types its
     * clients name); called at start for every realm and when a realm's session begins.
     */
    void watch(String realmId, String realmName, Collection<String> declared) {
        if (!realms.containsKey(realmId) && realms.size() >= maxRealms) {
            return; // beyond the realms a node keeps counts of: no gauges rather than unbounded ones
        }
        RealmMeters realm = realms.computeIfAbsent(realmId, id -> new RealmMeters(id, realmName));
        synchronized (realm) {
            realm.rename(realmName);
            if (realm.gauges.isEmpty()) {
                realm.registerGauges();
                DeviceTypes.BUILT_IN.forEach(realm::label);
            }
            declared.forEach(realm::label);
        }
    }

    /** The realm may have been renamed: its meters take the new name (a no-op for realms without meters). */
    void follow(String realmId, String realmName) {
        RealmMeters realm = realms.get(realmId);
        if (realm != null) {
            synchronized (realm) {
                realm.rename(realmName);
            }
        }
    }

    /**
     * Another node reported sessions of a realm this node has no gauges for yet (created after this node started):
     * its gauges are registered in the background, so that every node reports every realm.
     */
    void reportedElsewhere(String realmId) {
        if (realms.containsKey(realmId)) {
            return;
        }
        try {
            background.execute(() -> KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(realmId);
                if (realm != null) {
                    watch(realm);
                }
            }));
        } catch (RejectedExecutionException e) {
            LOG.debugf(e, "Registering the gauges of realm %s failed; the next change tries again", realmId);
        }
    }

    /** A realm's session gauges, for its built-in device types and those its clients declare. */
    void watch(RealmModel realm) {
        watch(
                realm.getId(),
                realm.getName(),
                realm.getClientsStream()
                        .map(c -> c.getAttribute(DeviceTypes.CLIENT_ATTRIBUTE))
                        .filter(t -> t != null && !t.isBlank())
                        .distinct()
                        .limit(MAX_DEVICE_TYPES)
                        .toList());
    }

    /** The realms with meters on this node. */
    Set<String> realmIds() {
        return Set.copyOf(realms.keySet());
    }

    /** The label a device type is counted under in the realm: itself, or {@code other} beyond the bound. */
    String deviceTypeLabel(String realmId, String deviceType) {
        RealmMeters realm = realms.get(realmId);
        if (realm == null || deviceType == null || deviceType.isBlank()) {
            return OTHER;
        }
        synchronized (realm) {
            return realm.labels.contains(deviceType) ? deviceType : OTHER;
        }
    }

    /** A session of this device type began in the realm: its type gets a label while there is room. */
    @Override
    public void began(RealmModel realm, String deviceType) {
        watch(realm.getId(), realm.getName(), deviceType == null ? List.of() : List.of(deviceType));
    }

    /** A session ends in the current request; counted once the request commits (nothing on a rollback). */
    @Override
    public void ended(KeycloakSession session, RealmModel realm, EndReason reason) {
        @SuppressWarnings("unchecked")
        Map<List<String>, Integer> pending = session.getAttribute(PENDING, Map.class);
        if (pending == null) {
            Map<List<String>, Integer> created = new HashMap<>();
            session.setAttribute(PENDING, created);
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    session.removeAttribute(PENDING);
                    created.forEach((key, n) -> counter(
                                    key.get(0),
                                    ENDED,
                                    "Sessions ended by keycloak-session-control, by reason",
                                    "reason",
                                    key.get(1))
                            .increment(n));
                }

                @Override
                protected void rollbackImpl() {
                    session.removeAttribute(PENDING);
                }
            });
            pending = created;
        }
        follow(realm.getId(), realm.getName());
        pending.merge(List.of(realm.getId(), reason.value()), 1, Integer::sum);
    }

    /** A sign-in of this device type was refused by the realm's {@code DenyNew} policy. */
    @Override
    public void refused(RealmModel realm, String deviceType) {
        follow(realm.getId(), realm.getName());
        refusedFor(realm.getId(), deviceType);
    }

    /** An alert raised on a sign-in; counted when the sign-in commits (a sign-in rolled back raised nothing). */
    @Override
    public void alerted(KeycloakSession session, RealmModel realm, String kind) {
        follow(realm.getId(), realm.getName());
        String realmId = realm.getId();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                counter(realmId, ALERTS, "Alerts raised on sign-ins, by kind", "kind", kind)
                        .increment();
            }

            @Override
            protected void rollbackImpl() {
                // the sign-in did not happen
            }
        });
    }

    void refusedFor(String realmId, String deviceType) {
        counter(
                        realmId,
                        REFUSED,
                        "Sign-ins refused by the concurrent-login policy (DenyNew), by device type",
                        "device_type",
                        deviceTypeLabel(realmId, deviceType))
                .increment();
    }

    /**
     * A counter of the realm, labelled with its name; a realm beyond the bound counts under {@code other}. Kept with
     * the realm's meters so that a rename or a removal takes it along.
     */
    private Counter counter(String realmId, String name, String description, String tag, String value) {
        RealmMeters realm = realms.get(realmId);
        if (realm == null) {
            return Counter.builder(name)
                    .description(description)
                    .tags("realm", OTHER, tag, value)
                    .register(registry);
        }
        synchronized (realm) {
            Counter counter = Counter.builder(name)
                    .description(description)
                    .tags("realm", realm.name, tag, value)
                    .register(registry);
            realm.counters.add(counter);
            return counter;
        }
    }

    /** The realm was removed: its meters go too. */
    void forget(String realmId) {
        RealmMeters realm = realms.remove(realmId);
        if (realm == null) {
            return;
        }
        synchronized (realm) {
            realm.removeAll();
        }
    }

    private Gauge gauge(RealmMeters realm, String deviceType, SessionType type, DoubleSupplier value) {
        return Gauge.builder(SESSIONS, value, DoubleSupplier::getAsDouble)
                .description("Live sessions by device type and type, from the node's kept counts")
                .tags("realm", realm.name, "device_type", deviceType, "type", type.name())
                .strongReference(true)
                .register(registry);
    }

    /** One realm's gauges and labels; guarded by its own monitor. */
    private final class RealmMeters {
        final String realmId;
        String name;
        final Set<String> labels = new LinkedHashSet<>();
        final List<Meter> gauges = new ArrayList<>();
        final Set<Meter> counters = new LinkedHashSet<>();

        RealmMeters(String realmId, String name) {
            this.realmId = realmId;
            this.name = name;
        }

        /** The gauges of {@code other} and of every label, under the realm's current name. */
        void registerGauges() {
            for (SessionType type : SessionType.values()) {
                gauges.add(gauge(this, OTHER, type, () -> other(type)));
            }
            labels.forEach(this::registerGauges);
        }

        private void registerGauges(String deviceType) {
            for (SessionType type : SessionType.values()) {
                SessionFilter filter = SessionFilter.ofDeviceType(deviceType).withType(type);
                gauges.add(gauge(this, deviceType, type, () -> counts.peek(realmId, filter)));
            }
        }

        /** Under a new name the old series end: the gauges are registered again, the counters start again. */
        void rename(String newName) {
            if (newName == null || newName.equals(name)) {
                return;
            }
            boolean hadGauges = !gauges.isEmpty();
            removeAll();
            name = newName;
            if (hadGauges) {
                registerGauges();
            }
        }

        void removeAll() {
            gauges.forEach(registry::remove);
            gauges.clear();
            counters.forEach(registry::remove);
            counters.clear();
        }

        /** Gives the device type a label of its own, with its gauges, while there is room. */
        void label(String deviceType) {
            if (deviceType == null
                    || deviceType.isBlank()
                    || OTHER.equals(deviceType)
                    || labels.contains(deviceType)
                    || labels.size() >= MAX_DEVICE_TYPES) {
                return;
            }
            labels.add(deviceType);
            registerGauges(deviceType);
        }

        /** The sessions of the type whose device type has no label of its own: all of them minus the labelled. */
        double other(SessionType type) {
            List<String> named;
            synchronized (this) {
                named = List.copyOf(labels);
            }
            double rest = counts.peek(realmId, SessionFilter.NONE.withType(type));
            for (String deviceType : named) {
                rest -= counts.peek(
                        realmId, SessionFilter.ofDeviceType(deviceType).withType(type));
            }
            return Double.isNaN(rest) ? Double.NaN : Math.max(0, rest);
        }
    }
}
