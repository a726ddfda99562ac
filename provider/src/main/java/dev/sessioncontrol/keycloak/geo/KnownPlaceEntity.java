package dev.sessioncontrol.keycloak.geo;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * A country a user signed in from, with the last sign-in there: what the new-place e-mail and the impossible-travel
 * check compare a sign-in with: its place as the session holds it (coordinates rounded to a tenth of a degree).
 */
@Entity
@Table(name = "SC_KNOWN_PLACE")
@NamedQueries({
    @NamedQuery(
            name = "scKnownPlacesOfUser",
            query = "select p from KnownPlaceEntity p"
                    + " where p.realmId = :realmId and p.userId = :userId order by p.lastSeen desc, p.id"),
    @NamedQuery(
            name = "scKnownPlacesDeleteByUser",
            query = "delete from KnownPlaceEntity p where p.realmId = :realmId and p.userId = :userId"),
    @NamedQuery(
            name = "scKnownPlacesDeleteByRealm",
            query = "delete from KnownPlaceEntity p where p.realmId = :realmId")
})
public class KnownPlaceEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "USER_ID", nullable = false)
    private String userId;

    /** ISO 3166-1 alpha-2. */
    @Column(name = "COUNTRY", length = 2, nullable = false)
    private String country;

    /** First sign-in from the country, epoch milliseconds. */
    @Column(name = "SEEN", nullable = false)
    private long seen;

    /** Last sign-in from the country, epoch milliseconds. */
    @Column(name = "LAST_SEEN", nullable = false)
    private long lastSeen;

    /** The place of the last sign-in from the country, as the session's note holds it ({@code Place#note()}). */
    @Column(name = "PLACE", length = 1000, nullable = false)
    private String place;

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

    public String getCountry() {
        return country;
    }

    public void setCountry(String country) {
        this.country = country;
    }

    public long getSeen() {
        return seen;
    }

    public void setSeen(long seen) {
        this.seen = seen;
    }

    public long getLastSeen() {
        return lastSeen;
    }

    public void setLastSeen(long lastSeen) {
        this.lastSeen = lastSeen;
    }

    public String getPlace() {
        return place;
    }

    public void setPlace(String place) {
        this.place = place;
    }
}
