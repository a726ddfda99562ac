package dev.sessioncontrol.keycloak.sessions;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;

import dev.sessioncontrol.keycloak.device.DeviceTypes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

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
 * Device types are free strings, so their label is bounded: per realm the built-in types, then the types its
 * clients declare or its sessions carry, at most {@link #MAX_DEVICE_TYPES} in all; any further type is counted under
 * {@code other}. Realms are bounded by {@link SessionCounts}'s own limit. One instance per node, owned by
 * {@link SessionCountsProviderFactory}.
 */
public final class SessionMetrics {

    public static final String SESSIONS = "keycloak.session.control.sessions";
    public static final String ENDED = "keycloak.session.control.ended";
    public static final String REFUSED = "keycloak.session.control.refused";
    /** The device-type label of every type beyond a realm's first {@link #MAX_DEVICE_TYPES}. */
    public static final String OTHER = "other";
    /** Distinct device-type labels per realm, {@code other} not included. */
    public static final int MAX_DEVICE_TYPES = 20;

    /** Endings of the current request, counted once it commits. */
    private static final String PENDING = SessionMetrics.class.getName() + ".pending";

    private final MeterRegistry registry;
    private final SessionCounts counts;
    private final int maxRealms;
    /** By realm id. */
    private final Map<String, RealmMeters> realms = new ConcurrentHashMap<>();

    SessionMetrics(MeterRegistry registry, SessionCounts counts, int maxRealms) {
        this.registry = registry;
        this.counts = counts;
        this.maxRealms = maxRealms;
    }

    /**
     * Makes sure the realm has its session gauges, for the built-in device types and {@code declared} (the types its
     * clients name); called at start for every realm and when a realm's session begins.
     */
    public void watch(String realmId, String realmName, Collection<String> declared) {
        if (!realms.containsKey(realmId) && realms.size() >= maxRealms) {
            return; // beyond the realms a node keeps counts of: no gauges rather than unbounded ones
        }
        RealmMeters realm = realms.computeIfAbsent(realmId, id -> new RealmMeters(id, realmName));
        synchronized (realm) {
            if (realm.gauges.isEmpty()) {
                for (SessionType type : SessionType.values()) {
                    realm.gauges.add(gauge(realm, OTHER, type, () -> realm.other(type)));
                }
                DeviceTypes.BUILT_IN.forEach(realm::label);
            }
            declared.forEach(realm::label);
        }
    }

    /** Whether the realm has its gauges on this node. */
    boolean watching(String realmId) {
        return realms.containsKey(realmId);
    }

    /** The label a device type is counted under in the realm: itself, or {@code other} beyond the bound. */
    public String deviceTypeLabel(String realmId, String deviceType) {
        RealmMeters realm = realms.get(realmId);
        if (realm == null || deviceType == null || deviceType.isBlank()) {
            return OTHER;
        }
        synchronized (realm) {
            return realm.labels.contains(deviceType) ? deviceType : OTHER;
        }
    }

    /** A session of this device type began in the realm: its type gets a label while there is room. */
    void sessionBegan(RealmModel realm, String deviceType) {
        watch(realm.getId(), realm.getName(), deviceType == null ? List.of() : List.of(deviceType));
    }

    /** A session ends in the current request; counted once the request commits (nothing on a rollback). */
    void ended(KeycloakSession session, RealmModel realm, EndReason reason) {
        @SuppressWarnings("unchecked")
        Map<List<String>, Integer> pending = session.getAttribute(PENDING, Map.class);
        if (pending == null) {
            Map<List<String>, Integer> created = new HashMap<>();
            session.setAttribute(PENDING, created);
            session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
                @Override
                protected void commitImpl() {
                    session.removeAttribute(PENDING);
                    created.forEach((key, n) -> Counter.builder(ENDED)
                            .description("Sessions ended by keycloak-session-control, by reason")
                            .tags("realm", key.get(0), "reason", key.get(1))
                            .register(registry).increment(n));
                }

                @Override
                protected void rollbackImpl() {
                    session.removeAttribute(PENDING);
                }
            });
            pending = created;
        }
        pending.merge(List.of(realm.getName(), reason.value()), 1, Integer::sum);
    }

    /** A sign-in of this device type was refused by the realm's {@code DenyNew} policy. */
    public void refused(RealmModel realm, String deviceType) {
        refusedFor(realm.getName(), realm.getId(), deviceType);
    }

    void refusedFor(String realmName, String realmId, String deviceType) {
        Counter.builder(REFUSED)
                .description("Sign-ins refused by the concurrent-login policy (DenyNew), by device type")
                .tags("realm", realmName, "device_type", deviceTypeLabel(realmId, deviceType))
                .register(registry).increment();
    }

    /** The realm was removed: its meters go too. */
    void forget(String realmId) {
        RealmMeters realm = realms.remove(realmId);
        if (realm == null) {
            return;
        }
        synchronized (realm) {
            realm.gauges.forEach(registry::remove);
            realm.gauges.clear();
        }
        for (String name : List.of(ENDED, REFUSED)) {
            registry.find(name).tag("realm", realm.name).meters().forEach(registry::remove);
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
        final String name;
        final Set<String> labels = new LinkedHashSet<>();
        final List<Meter> gauges = new ArrayList<>();

        RealmMeters(String realmId, String name) {
            this.realmId = realmId;
            this.name = name;
        }

        /** Gives the device type a label of its own, with its gauges, while there is room. */
        void label(String deviceType) {
            if (deviceType == null || deviceType.isBlank() || OTHER.equals(deviceType) || labels.contains(deviceType)
                    || labels.size() >= MAX_DEVICE_TYPES) {
                return;
            }
            labels.add(deviceType);
            for (SessionType type : SessionType.values()) {
                SessionFilter filter = SessionFilter.ofDeviceType(deviceType).withType(type);
                gauges.add(gauge(this, deviceType, type, () -> counts.peek(realmId, filter)));
            }
        }

        /** The sessions of the type whose device type has no label of its own: all of them minus the labelled. */
        double other(SessionType type) {
            List<String> named;
            synchronized (this) {
                named = List.copyOf(labels);
            }
            double rest = counts.peek(realmId, SessionFilter.NONE.withType(type));
            for (String deviceType : named) {
                rest -= counts.peek(realmId, SessionFilter.ofDeviceType(deviceType).withType(type));
            }
            return Double.isNaN(rest) ? Double.NaN : Math.max(0, rest);
        }
    }
}
