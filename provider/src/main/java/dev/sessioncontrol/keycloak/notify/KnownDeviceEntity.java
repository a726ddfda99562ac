package dev.sessioncontrol.keycloak.notify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One device a user has signed in from: a row per (user, device), at most {@link KnownDevices#MAX} per user. In the
 * extension's own table, not on the user: no console, account API or user-profile setting can write it.
 */
@Entity
@Table(name = "SC_KNOWN_DEVICE")
@NamedQueries({
    @NamedQuery(
            name = "scKnownDevicesOfUser",
            query = "select d from KnownDeviceEntity d"
                    + " where d.realmId = :realmId and d.userId = :userId order by d.seen, d.id"),
    @NamedQuery(
            name = "scKnownDevicesDeleteByUser",
            query = "delete from KnownDeviceEntity d" + " where d.realmId = :realmId and d.userId = :userId"),
    @NamedQuery(
            name = "scKnownDevicesDeleteByRealm",
            query = "delete from KnownDeviceEntity d" + " where d.realmId = :realmId"),
})
public class KnownDeviceEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", nullable = false)
    private String userId;

    /** {@link KnownDevices#key}: browser family, system and device type. */
    @Column(name = "DEVICE", length = 130, nullable = false)
    private String device;

    /** When the device was first seen (epoch milliseconds). */
    @Column(name = "SEEN", nullable = false)
    private long seen;

    /** When the user was told of it by e-mail (epoch milliseconds), or null. */
    @Column(name = "TOLD")
    private Long told;

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public String getUserId() {
        return userId;
    }

    public void setUserId(String userId) {
        this.userId = userId;
    }

    public String getDevice() {
        return device;
    }

    public void setDevice(String device) {
        this.device = device;
    }

    public long getSeen() {
        return seen;
    }

    public void setSeen(long seen) {
        this.seen = seen;
    }

    public Long getTold() {
        return told;
    }

    public void setTold(Long told) {
        this.told = told;
    }
}
