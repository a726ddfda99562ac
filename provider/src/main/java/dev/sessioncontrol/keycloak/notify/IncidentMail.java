package dev.sessioncontrol.keycloak.notify;

import dev.sessioncontrol.keycloak.support.StandInRequest;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The e-mail of an incident response: an admin ended every session of the user's account because it may be in
 * someone else's hands, and, when asked, the user must choose a new password at their next sign-in. Sent while the
 * admin's request waits, so that its answer can say whether the mail server took it (bounded by the realm's SMTP
 * timeouts), but in a session of its own with a request that has no headers: Keycloak picks the language from the
 * user's {@code locale} and the realm's default, never from the admin's browser. Only to a verified address, in a
 * realm with SMTP settings, as the new-device e-mail. The e-mail carries no link.
 */
public final class IncidentMail {

    static final String TEMPLATE = "sc-incident-response.ftl";
    static final String SUBJECT = "scIncidentSubject";

    private static final Logger LOG = Logger.getLogger(IncidentMail.class);

    private IncidentMail() {}

    /**
     * Tells the user; never throws.
     *
     * @param request        the admin's request (its base URI is what Keycloak's templates are given)
     * @param passwordUpdate whether the e-mail says that a new password is asked at the next sign-in
     * @return whether the e-mail was handed to the realm's mail server; false when the user has no verified address,
     *     the realm no SMTP settings, or sending failed (logged without the address)
     */
    public static boolean send(KeycloakSession request, RealmModel realm, String userId, boolean passwordUpdate) {
        URI base = request.getContext().getUri().getBaseUri();
        String realmId = realm.getId();
        try {
            return KeycloakModelUtils.runJobInTransactionWithResult(request.getKeycloakSessionFactory(), session -> {
                RealmModel r = session.realms().getRealm(realmId);
                if (r == null) {
                    return false;
                }
                session.getContext().setRealm(r);
                session.getContext().setHttpRequest(StandInRequest.requestless(base));
                UserModel user = session.users().getUserById(r, userId);
                if (user == null || !NewDeviceNotifier.mailable(r, user)) {
                    LOG.debugf("Incident e-mail to user %s not sent: no verified address or no SMTP settings", userId);
                    return false;
                }
                String realmName =
                        r.getDisplayName() == null || r.getDisplayName().isBlank() ? r.getName() : r.getDisplayName();
                Map<String, Object> attributes = new HashMap<>();
                attributes.put("passwordUpdate", passwordUpdate);
                try {
                    session.getProvider(EmailTemplateProvider.class)
                            .setRealm(r)
                            .setUser(user)
                            .send(SUBJECT, List.of(realmName), TEMPLATE, attributes);
                    return true;
                } catch (Exception e) {
                    // The mail server's answer may name the recipient: only its kind above DEBUG.
                    LOG.warnf(
                            "Incident e-mail of realm %s not sent (%s; details at DEBUG)",
                            r.getName(),
                            NewDeviceNotifier.rootCause(e).getClass().getSimpleName());
                    LOG.debugf(e, "Incident e-mail to user %s not sent", userId);
                    return false;
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(
                    "Incident e-mail not sent (%s; details at DEBUG)",
                    NewDeviceNotifier.rootCause(e).getClass().getSimpleName());
            LOG.debug("Incident e-mail not sent", e);
            return false;
        }
    }
}
