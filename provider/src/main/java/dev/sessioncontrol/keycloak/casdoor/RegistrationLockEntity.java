package dev.sessioncontrol.keycloak.casdoor;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One of a fixed set of rows ({@link RegisteredSessionStore#LOCK_STRIPES}, created by the changelog) that first
 * registrations lock: a record with no row yet has nothing of its own to lock, so two first registrations of the
 * same record take turns on the stripe its key hashes to, instead of on the realm's row (which every registration
 * of the realm, and every change to the realm, would then wait for).
 */
@Entity
@Table(name = "SC_CASDOOR_LOCK")
public class RegistrationLockEntity {

    @Id
    @Column(name = "ID")
    private int id;

    public int getId() {
        return id;
    }

    public void setId(int id) {
        this.id = id;
    }
}
