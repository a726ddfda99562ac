package dev.sessioncontrol.keycloak.sessions;

/**
 * One session that began ({@code +1}) or ended ({@code -1}) in a realm: what the cached counts of every node add
 * up, so that they follow sign-ins and endings at once without counting the realm again.
 */
public record SessionChange(String realmId, int delta, SessionFacts facts) {

    public static SessionChange began(String realmId, SessionFacts facts) {
        return new SessionChange(realmId, 1, facts);
    }

    public static SessionChange ended(String realmId, SessionFacts facts) {
        return new SessionChange(realmId, -1, facts);
    }
}
