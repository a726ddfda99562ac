package dev.sessioncontrol.keycloak.sessions.bulk;

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
 * One range of a bulk ending's sessions, in key order: after {@code after} (exclusive, null from the start) up to
 * {@code last} (inclusive), at most one batch. A worker leases it, ends its sessions and marks it done; a worker that
 * runs out of time moves {@code after} to where it got and frees the lease, so whoever takes it next carries on.
 */
@Entity
@Table(name = "SC_ENDING_RANGE")
@IdClass(EndingRangeEntity.Key.class)
@NamedQueries({
    @NamedQuery(
            name = "scEndingRangesFree",
            query = "select r from EndingRangeEntity r where r.jobId = :jobId and r.done = false"
                    + " and r.leaseUntil < :now order by r.seq"),
    @NamedQuery(
            name = "scEndingRangesNextFree",
            query = "select min(r.leaseUntil) from EndingRangeEntity r where r.jobId = :jobId and r.done = false"),
    @NamedQuery(
            name = "scEndingRangesEnded",
            query = "select coalesce(sum(r.ended), 0) from EndingRangeEntity r where r.jobId = :jobId"),
    @NamedQuery(name = "scEndingRangesDeleteByJob", query = "delete from EndingRangeEntity r where r.jobId = :jobId"),
})
public class EndingRangeEntity {

    @Id
    @Column(name = "JOB_ID", length = 36)
    private String jobId;

    @Id
    @Column(name = "SEQ")
    private int seq;

    @Column(name = "AFTER_ID")
    private String afterId;

    @Column(name = "AFTER_OFFLINE", nullable = false)
    private boolean afterOffline;

    @Column(name = "LAST_ID", nullable = false)
    private String lastId;

    @Column(name = "LAST_OFFLINE", nullable = false)
    private boolean lastOffline;

    @Column(name = "ENDED", nullable = false)
    private long ended;

    /** Epoch milliseconds until which a worker holds it; free once past. */
    @Column(name = "LEASE_UNTIL", nullable = false)
    private long leaseUntil;

    @Column(name = "DONE", nullable = false)
    private boolean done;

    public String getJobId() {
        return jobId;
    }

    public void setJobId(String jobId) {
        this.jobId = jobId;
    }

    public int getSeq() {
        return seq;
    }

    public void setSeq(int seq) {
        this.seq = seq;
    }

    public String getAfterId() {
        return afterId;
    }

    public void setAfterId(String afterId) {
        this.afterId = afterId;
    }

    public boolean isAfterOffline() {
        return afterOffline;
    }

    public void setAfterOffline(boolean afterOffline) {
        this.afterOffline = afterOffline;
    }

    public String getLastId() {
        return lastId;
    }

    public void setLastId(String lastId) {
        this.lastId = lastId;
    }

    public boolean isLastOffline() {
        return lastOffline;
    }

    public void setLastOffline(boolean lastOffline) {
        this.lastOffline = lastOffline;
    }

    public long getEnded() {
        return ended;
    }

    public void setEnded(long ended) {
        this.ended = ended;
    }

    public long getLeaseUntil() {
        return leaseUntil;
    }

    public void setLeaseUntil(long leaseUntil) {
        this.leaseUntil = leaseUntil;
    }

    public boolean isDone() {
        return done;
    }

    public void setDone(boolean done) {
        this.done = done;
    }

    /** The composite key: the job and the range's number in it. */
    public static class Key implements Serializable {
        private String jobId;
        private int seq;

        public Key() {}

        public Key(String jobId, int seq) {
            this.jobId = jobId;
            this.seq = seq;
        }

        public String getJobId() {
            return jobId;
        }

        public void setJobId(String jobId) {
            this.jobId = jobId;
        }

        public int getSeq() {
            return seq;
        }

        public void setSeq(int seq) {
            this.seq = seq;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && seq == k.seq && Objects.equals(jobId, k.jobId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(jobId, seq);
        }
    }
}
