package dev.sessioncontrol.keycloak.sessions;

import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * The moment after which no refresh token of a realm issued before it is accepted, regular or offline, set in one
 * step before a bulk ending removes the sessions themselves in the background. Keycloak checks the realm's and the
 * client's "not before" on every refresh; tokens issued in the same second count as before (the cut-off is the next
 * second), so nothing issued before it slips through.
 *
 * <ul>
 * <li>The caller is not signed in to this realm (an admin of another realm, typically master): the realm's not-before,
 * as Keycloak's own "logout-all" sets it.</li>
 * <li>The caller is signed in to this realm: the realm's not-before would end the caller's tokens too, so every
 * client's not-before instead, except the caller's own client; the few other sessions of that client are ended
 * now. Only when that client holds more than {@value #MAX_ENDED_NOW} other sessions is its not-before set as well:
 * the caller's session lives on, but its tokens for this client must then be renewed through single sign-on.</li>
 * </ul>
 */
public final class CutOff {

    static final int MAX_ENDED_NOW = 500;

    private CutOff() {
    }

    /**
     * @param callerClient    the client of the caller's token when the caller is signed in to this realm, else null
     * @param callerSessionId the caller's session when signed in to this realm, else null
     * @return sessions ended in this request (of the caller's client)
     */
    public static int apply(KeycloakSession session, RealmModel realm, ClientModel callerClient,
            String callerSessionId, EndReason reason) {
        int notBefore = Time.currentTime() + 1;
        if (callerClient == null) {
            realm.setNotBefore(notBefore);
            return 0;
        }
        realm.getClientsStream().filter(c -> !c.getId().equals(callerClient.getId()))
                .forEach(c -> c.setNotBefore(notBefore));
        SessionService sessions = new SessionService(session, realm);
        SessionFilter sameClient = SessionFilter.ofClient(callerClient.getId());
        if (sessions.countExact(sameClient) > MAX_ENDED_NOW + 2) {
            callerClient.setNotBefore(notBefore);
            return 0;
        }
        return sessions.endAll(sameClient, s -> s.getId().equals(callerSessionId), reason, callerClient);
    }
}
