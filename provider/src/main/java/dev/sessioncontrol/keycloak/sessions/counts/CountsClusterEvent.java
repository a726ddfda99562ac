package dev.sessioncontrol.keycloak.sessions.counts;

import dev.sessioncontrol.keycloak.sessions.SessionChange;
import dev.sessioncontrol.keycloak.sessions.SessionFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.infinispan.protostream.annotations.ProtoFactory;
import org.infinispan.protostream.annotations.ProtoField;
import org.keycloak.cluster.ClusterEvent;

/**
 * Tells the other nodes about sessions that began or ended in one realm (so their kept counts follow at once),
 * or that the realm's counts are stale. Sent through Keycloak's {@code ClusterProvider}, whose work cache is
 * replicated synchronously: when the sending request answers, every node has applied it. Marshalled with the
 * ProtoStream schema {@link SessionControlSchema} that this jar registers with Keycloak.
 */
final class CountsClusterEvent implements ClusterEvent {

    private final String realmId;
    private final boolean stale;
    private final List<Change> changes;

    @ProtoFactory
    CountsClusterEvent(String realmId, boolean stale, List<Change> changes) {
        this.realmId = realmId;
        this.stale = stale;
        this.changes = changes == null ? List.of() : List.copyOf(changes);
    }

    static CountsClusterEvent of(String realmId, List<SessionChange> changes) {
        List<Change> wire = new ArrayList<>(changes.size());
        for (SessionChange change : changes) {
            SessionFacts f = change.facts();
            wire.add(new Change(
                    change.delta(),
                    f.userId(),
                    f.offline(),
                    f.deviceType(),
                    List.copyOf(f.clientUuids()),
                    f.ip(),
                    f.lastIp(),
                    f.country(),
                    f.lastCountry()));
        }
        return new CountsClusterEvent(realmId, false, wire);
    }

    static CountsClusterEvent staleRealm(String realmId) {
        return new CountsClusterEvent(realmId, true, List.of());
    }

    @ProtoField(1)
    String getRealmId() {
        return realmId;
    }

    @ProtoField(2)
    boolean isStale() {
        return stale;
    }

    @ProtoField(3)
    List<Change> getChanges() {
        return changes;
    }

    List<SessionChange> sessionChanges() {
        List<SessionChange> result = new ArrayList<>(changes.size());
        for (Change c : changes) {
            result.add(new SessionChange(
                    realmId,
                    c.delta,
                    new SessionFacts(
                            c.userId,
                            c.offline,
                            c.deviceType,
                            Set.copyOf(c.clientUuids),
                            c.ip,
                            c.lastIp,
                            c.country,
                            c.lastCountry)));
        }
        return result;
    }

    @Override
    public String toString() {
        return "CountsClusterEvent[realm=" + realmId + ", stale=" + stale + ", changes=" + changes.size() + "]";
    }

    /** One session's change on the wire. */
    static final class Change {
        private final int delta;
        private final String userId;
        private final boolean offline;
        private final String deviceType;
        private final List<String> clientUuids;
        private final String ip;
        private final String lastIp;
        private final String country;
        private final String lastCountry;

        @ProtoFactory
        Change(
                int delta,
                String userId,
                boolean offline,
                String deviceType,
                List<String> clientUuids,
                String ip,
                String lastIp,
                String country,
                String lastCountry) {
            this.delta = delta;
            this.userId = userId;
            this.offline = offline;
            this.deviceType = deviceType;
            this.clientUuids = clientUuids == null ? List.of() : List.copyOf(clientUuids);
            this.ip = ip;
            this.lastIp = lastIp;
            this.country = country;
            this.lastCountry = lastCountry;
        }

        @ProtoField(1)
        int getDelta() {
            return delta;
        }

        @ProtoField(2)
        String getUserId() {
            return userId;
        }

        @ProtoField(3)
        boolean isOffline() {
            return offline;
        }

        @ProtoField(4)
        String getDeviceType() {
            return deviceType;
        }

        @ProtoField(5)
        List<String> getClientUuids() {
            return clientUuids;
        }

        @ProtoField(6)
        String getIp() {
            return ip;
        }

        @ProtoField(7)
        String getLastIp() {
            return lastIp;
        }

        /** Added later: a node of an older release sends none (its sessions count under no country). */
        @ProtoField(8)
        String getCountry() {
            return country;
        }

        /** Added later, as the country. */
        @ProtoField(9)
        String getLastCountry() {
            return lastCountry;
        }
    }
}
