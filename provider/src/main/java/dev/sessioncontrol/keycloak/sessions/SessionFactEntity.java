package dev.sessioncontrol.keycloak.sessions;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/**
 * What the listing filters on that Keycloak keeps only inside a session's JSON, in columns the database can index:
 * one row per session (and type) of Keycloak's persistent session table, keyed as that table is. Written when this
 * extension stamps a new session and when its last address changes; a session made without the extension gets its
 * row from {@link SessionFactSync}, which also removes the rows of sessions Keycloak removed on its own (expiry).
 * Queries always join the session's own row, so a row left over never lists an ended session.
 */
@Entity
@Table(name = "SC_SESSION_FACT")
@IdClass(SessionFactEntity.Key.class)
@NamedQueries({
    @NamedQuery(
            name = "scFactLastAddress",
            query = "update SessionFactEntity f set f.lastIpHex = :lastIpHex, f.lastCountry = :lastCountry"
                    + " where f.sessionId = :sessionId and f.offline = :offline"),
    @NamedQuery(
            name = "scFactDelete",
            query = "delete from SessionFactEntity f where f.sessionId = :sessionId and f.offline = :offline"),
    @NamedQuery(name = "scFactDeleteByRealm", query = "delete from SessionFactEntity f where f.realmId = :realmId")
})
public class SessionFactEntity {

    @Id
    @Column(name = "SESSION_ID", length = 36)
    private String sessionId;

    /** As Keycloak's {@code OFFLINE_FLAG}: "1" for an offline session, "0" for a regular one. */
    @Id
    @Column(name = "OFFLINE_FLAG", length = 4)
    private String offline;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The session's start, Keycloak's seconds (its {@code CREATED_ON}). */
    @Column(name = "CREATED_ON", nullable = false)
    private int createdOn;

    @Column(name = "DEVICE_TYPE")
    private String deviceType;

    /** The sign-in address's fixed-width form ({@link AddressRange#hex}). */
    @Column(name = "IP_HEX", length = 32)
    private String ipHex;

    @Column(name = "LAST_IP_HEX", length = 32)
    private String lastIpHex;

    /** The sign-in place's country (ISO 3166-1 alpha-2). */
    @Column(name = "COUNTRY", length = 2)
    private String country;

    @Column(name = "LAST_COUNTRY", length = 2)
    private String lastCountry;

    public String getSessionId() {
        return sessionId;
    }

    public void setSessionId(String sessionId) {
        this.sessionId = sessionId;
    }

    public String getOffline() {
        return offline;
    }

    public void setOffline(String offline) {
        this.offline = offline;
    }

    public String getRealmId() {
        return realmId;
    }

    public void setRealmId(String realmId) {
        this.realmId = realmId;
    }

    public int getCreatedOn() {
        return createdOn;
    }

    public void setCreatedOn(int createdOn) {
        this.createdOn = createdOn;
    }

    public String getDeviceType() {
        return deviceType;
    }

    public void setDeviceType(String deviceType) {
        this.deviceType = deviceType;
    }

    public String getIpHex() {
        return ipHex;
    }

    public void setIpHex(String ipHex) {
        this.ipHex = ipHex;
    }

    public String getLastIpHex() {
        return lastIpHex;
    }

    public void setLastIpHex(String lastIpHex) {
        this.lastIpHex = lastIpHex;
    }

    public String getCountry() {
        return country;
    }

    public void setCountry(String country) {
        this.country = country;
    }

    public String getLastCountry() {
        return lastCountry;
    }

    public void setLastCountry(String lastCountry) {
        this.lastCountry = lastCountry;
    }

    /** The composite key, as JPA needs it. */
    public static class Key implements Serializable {
        private String sessionId;
        private String offline;

        public Key() {}

        public Key(String sessionId, String offline) {
            this.sessionId = sessionId;
            this.offline = offline;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(sessionId, k.sessionId) && Objects.equals(offline, k.offline);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionId, offline);
        }
    }
}
