package dev.sessioncontrol.keycloak.sessions.bulk;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One bulk ending (every session of a realm, of a user, of a user in one client, or what matches a filter) that runs
 * in batches: what it
 * covers, how far it got. Kept in the database so that any node can carry on after a restart.
 */
@Entity
@Table(name = "SC_ENDING_JOB")
@NamedQueries({
    @NamedQuery(
            name = "scEndingJobsRunning",
            query = "select j from EndingJobEntity j where j.state = " + JobState.QUALIFIED
                    + ".RUNNING order by j.created"),
    @NamedQuery(name = "scEndingJobsOfRealm", query = "select j.id from EndingJobEntity j where j.realmId = :realmId"),
    @NamedQuery(name = "scEndingJobsDeleteByRealm", query = "delete from EndingJobEntity j where j.realmId = :realmId"),
    @NamedQuery(
            name = "scEndingJobsDeleteDoneBefore",
            query = "delete from EndingJobEntity j where j.state = " + JobState.QUALIFIED
                    + ".DONE and j.updated < :before"),
})
public class EndingJobEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** Only this user's sessions; null for the whole realm. */
    @Column(name = "USER_ID")
    private String userId;

    /** Only sessions holding a client session of this client (internal id); null for all. */
    @Column(name = "CLIENT_ID", length = 36)
    private String clientId;

    /** The session (both forms) that is kept: the caller's. */
    /** The filter (JSON, {@link StoredFilter}) when it covers more than {@code userId} and {@code clientId} say. */
    @Column(name = "FILTER")
    private String filter;

    @Column(name = "SPARE_SESSION_ID")
    private String spareSessionId;

    @Column(name = "REASON", length = 64, nullable = false)
    private String reason;

    /** The client on whose behalf the sessions are ended, recorded on their events. */
    @Column(name = "ACTOR_CLIENT_ID", length = 36)
    private String actorClientId;

    /** The server's base URI as the request that started the job saw it (logout tokens, cookies need one). */
    @Column(name = "BASE_URI", length = 1024)
    private String baseUri;

    /** Sessions started after this second are not the job's. */
    @Column(name = "CUT_OFF", nullable = false)
    private long cutOff;

    @Column(name = "COVERED", nullable = false)
    private long covered;

    @Column(name = "ENDED", nullable = false)
    private long ended;

    /** The last session the job went past, in (id, type) order; null before the first batch. */
    @Column(name = "CURSOR_ID")
    private String cursorId;

    @Column(name = "CURSOR_OFFLINE", nullable = false)
    private boolean cursorOffline;

    /** Whether every covered key has been handed out in a range (the cursor is at the end). */
    @Column(name = "SCANNED", nullable = false)
    private boolean scanned;

    /** How many ranges were handed out: the next range's number. */
    @Column(name = "RANGES", nullable = false)
    private int ranges;

    @Enumerated(EnumType.STRING)
    @Column(name = "STATE", length = 16, nullable = false)
    private JobState state;

    @Column(name = "CREATED", nullable = false)
    private long created;

    @Column(name = "UPDATED", nullable = false)
    private long updated;

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

    public String getClientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }

    public String getSpareSessionId() {
        return spareSessionId;
    }

    public void setSpareSessionId(String spareSessionId) {
        this.spareSessionId = spareSessionId;
    }

    public String getReason() {
        return reason;
    }

    public void setReason(String reason) {
        this.reason = reason;
    }

    public String getActorClientId() {
        return actorClientId;
    }

    public void setActorClientId(String actorClientId) {
        this.actorClientId = actorClientId;
    }

    public String getBaseUri() {
        return baseUri;
    }

    public void setBaseUri(String baseUri) {
        this.baseUri = baseUri;
    }

    public long getCutOff() {
        return cutOff;
    }

    public void setCutOff(long cutOff) {
        this.cutOff = cutOff;
    }

    public long getCovered() {
        return covered;
    }

    public void setCovered(long covered) {
        this.covered = covered;
    }

    public long getEnded() {
        return ended;
    }

    public void setEnded(long ended) {
        this.ended = ended;
    }

    public String getCursorId() {
        return cursorId;
    }

    public void setCursorId(String cursorId) {
        this.cursorId = cursorId;
    }

    public boolean isCursorOffline() {
        return cursorOffline;
    }

    public void setCursorOffline(boolean cursorOffline) {
        this.cursorOffline = cursorOffline;
    }

    JobState getState() {
        return state;
    }

    void setState(JobState state) {
        this.state = state;
    }

    public boolean isScanned() {
        return scanned;
    }

    public void setScanned(boolean scanned) {
        this.scanned = scanned;
    }

    public int getRanges() {
        return ranges;
    }

    public void setRanges(int ranges) {
        this.ranges = ranges;
    }

    public long getCreated() {
        return created;
    }

    public void setCreated(long created) {
        this.created = created;
    }

    public long getUpdated() {
        return updated;
    }

    public void setUpdated(long updated) {
        this.updated = updated;
    }
}
