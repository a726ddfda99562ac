package dev.sessioncontrol.keycloak.casdoor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One row per (realm, user, application) with the session ids the application registered, as a JSON array. One
 * row per record rather than per id: the ids are always read, merged and written together, in order.
 *
 * <p>The realm is kept by id, so renaming a realm keeps its records; the owner shown is the realm's name.
 */
@Entity
@Table(name = "SC_CASDOOR_SESSION")
@NamedQueries({
    @NamedQuery(
            name = "scCasdoorSessionByKey",
            query = "select s from RegisteredSessionEntity s"
                    + " where s.realmId = :realmId and s.userName = :userName and s.application = :application"),
    @NamedQuery(
            name = "scCasdoorSessionsByRealm",
            query = "select s from RegisteredSessionEntity s"
                    + " where s.realmId = :realmId order by s.userName, s.application"),
    @NamedQuery(
            name = "scCasdoorSessionsByUser",
            query = "select s from RegisteredSessionEntity s"
                    + " where s.realmId = :realmId and s.userName = :userName order by s.application"),
    @NamedQuery(
            name = "scCasdoorSessionsByApplication",
            query = "select s from RegisteredSessionEntity s"
                    + " where s.realmId = :realmId and s.application = :application order by s.userName"),
    @NamedQuery(
            name = "scCasdoorSessionsDeleteByRealm",
            query = "delete from RegisteredSessionEntity s" + " where s.realmId = :realmId"),
    @NamedQuery(
            name = "scCasdoorSessionsDeleteByUser",
            query = "delete from RegisteredSessionEntity s" + " where s.realmId = :realmId and s.userName = :userName"),
    @NamedQuery(
            name = "scCasdoorSessionsDeleteByApplication",
            query = "delete from RegisteredSessionEntity s"
                    + " where s.realmId = :realmId and s.application = :application"),
    @NamedQuery(
            name = "scCasdoorSessionsCountByApplication",
            query = "select count(s) from"
                    + " RegisteredSessionEntity s where s.realmId = :realmId and s.application = :application"),
    @NamedQuery(
            name = "scCasdoorSessionsUnstamped",
            query = "select s.id from RegisteredSessionEntity s" + " where s.registeredAt is null"),
    @NamedQuery(
            name = "scCasdoorSessionsStamp",
            query = "update RegisteredSessionEntity s"
                    + " set s.registeredAt = :now where s.id in :ids and s.registeredAt is null"),
    @NamedQuery(
            name = "scCasdoorSessionsRealmsRegisteredBefore",
            query = "select distinct s.realmId from" + " RegisteredSessionEntity s where s.registeredAt < :before"),
    // Names that are no user: Keycloak keeps usernames in lower case, as the records do.
    @NamedQuery(
            name = "scCasdoorSessionsOfUnknownNames",
            query = "select s.id from RegisteredSessionEntity s"
                    + " where s.realmId = :realmId and s.registeredAt < :before and not exists (select u.id from"
                    + " UserEntity u where u.realmId = s.realmId and u.username = s.userName)"),
    @NamedQuery(
            name = "scCasdoorSessionsDeleteByIds",
            query = "delete from RegisteredSessionEntity s" + " where s.id in :ids"),
})
public class RegisteredSessionEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_NAME", nullable = false)
    private String userName;

    @Column(name = "APPLICATION", nullable = false)
    private String application;

    @Column(name = "CREATED_TIME", length = 100)
    private String createdTime;

    @Column(name = "EXCLUSIVE_SIGNIN", nullable = false)
    private boolean exclusiveSignin;

    /** JSON array of ids, oldest first. */
    @Column(name = "SESSION_IDS")
    private String sessionIds;

    /** When the record was first registered (epoch milliseconds); null for a record from before the column. */
    @Column(name = "REGISTERED_AT")
    private Long registeredAt;

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

    public String getUserName() {
        return userName;
    }

    public void setUserName(String userName) {
        this.userName = userName;
    }

    public String getApplication() {
        return application;
    }

    public void setApplication(String application) {
        this.application = application;
    }

    public String getCreatedTime() {
        return createdTime;
    }

    public void setCreatedTime(String createdTime) {
        this.createdTime = createdTime;
    }

    public boolean isExclusiveSignin() {
        return exclusiveSignin;
    }

    public void setExclusiveSignin(boolean exclusiveSignin) {
        this.exclusiveSignin = exclusiveSignin;
    }

    public String getSessionIds() {
        return sessionIds;
    }

    public void setSessionIds(String sessionIds) {
        this.sessionIds = sessionIds;
    }

    public Long getRegisteredAt() {
        return registeredAt;
    }

    public void setRegisteredAt(Long registeredAt) {
        this.registeredAt = registeredAt;
    }
}
