package dev.sessioncontrol.keycloak.notify;

import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.sessions.DeviceText;
import dev.sessioncontrol.keycloak.sessions.Place;
import dev.sessioncontrol.keycloak.sessions.SessionNotes;
import dev.sessioncontrol.keycloak.sessions.SessionView;
import dev.sessioncontrol.keycloak.sessions.UserLock;
import dev.sessioncontrol.keycloak.support.BoundedLane;
import dev.sessioncontrol.keycloak.support.StandInRequest;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.device.DeviceActivityManager;
import org.keycloak.device.DeviceRepresentationProvider;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.representations.account.DeviceRepresentation;

/**
 * With the realm's {@code newSignInEmail} on, tells a user by e-mail when a device they have not signed in from
 * before ({@link KnownDevices}) signs in to their account: when, which device, from which address, to which
 * application, and a link to their Sessions page to end it ({@link MailLink}: from the configured hostname only). The
 * first sign-in the extension sees of a user only records the device (a device found known is not looked up again
 * on this node for a few minutes, see {@link RecentlyKnown}); only a verified address is written to, and
 * at most {@link KnownDevices#MAX_TOLD_PER_HOUR} times an hour. The known devices ({@link KnownDeviceStore}) are
 * written in the sign-in's own transaction (only when a device is new); the e-mail goes out after that transaction
 * committed, on this node's mail thread, through Keycloak's e-mail templates and the realm's SMTP settings, so it
 * never blocks or slows the sign-in; a failure is logged, never thrown. One instance per node, owned by the event
 * listener's factory.
 */
public final class NewDeviceNotifier {

    static final String TEMPLATE = "sc-new-device.ftl";
    static final String SUBJECT = "scNewDeviceSubject";
    /** E-mails waiting for the mail thread; beyond, a new device is still recorded but not mailed (logged). */
    private static final int MAX_QUEUED = 1000;

    private static final Logger LOG = Logger.getLogger(NewDeviceNotifier.class);

    /** The e-mail's mail thread has no request: Keycloak's templates get this base when no hostname is set. */
    private static final URI NO_BASE = URI.create("http://localhost/");

    private KeycloakSessionFactory factory;
    private BoundedLane mailer;
    /** Devices found known within minutes on this node: a user's repeated sign-ins from one are not looked up. */
    private final RecentlyKnown recentlyKnown = new RecentlyKnown();
    /** Keycloak's {@code --hostname} (its hostname provider's option), or null. */
    private String hostname;

    /** What one e-mail says; the user is read again when it is sent. {@code link} is empty when there is none. */
    record Mail(
            String realmId,
            String userId,
            long at,
            String device,
            String ip,
            String application,
            String link,
            URI baseUri,
            Place place,
            Why why,
            Place from,
            long fromAt) {}

    /** What the e-mail opens with: the most alarming of what the sign-in showed. */
    enum Why {
        DEVICE,
        PLACE,
        TRAVEL;

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public void start(KeycloakSessionFactory sessionFactory) {
        this.factory = sessionFactory;
        this.hostname = Config.scope("hostname", "v2").get("hostname");
        this.mailer = new BoundedLane(sessionFactory, "session-control-mail", 1, MAX_QUEUED);
    }

    public void stop() {
        if (mailer != null) {
            mailer.close();
        }
    }

    /**
     * What the sign-in's place told (from the {@code geo} package's check): a country the user had not signed in
     * from, or a travel too fast from the previous sign-in ({@code from}, at {@code fromAt}).
     */
    public record PlaceNews(boolean newCountry, Place from, long fromAt) {
        public static final PlaceNews NONE = new PlaceNews(false, null, 0);

        boolean any() {
            return newCountry || from != null;
        }
    }

    /** A new session of {@code deviceType} was signed in (not an impersonation). */
    public void signedIn(
            KeycloakSession session,
            RealmModel realm,
            UserSessionModel userSession,
            ClientModel client,
            String deviceType,
            PlaceNews news) {
        if (mailer == null || !SessionControlConfig.of(realm).newSignInEmail()) {
            return;
        }
        UserModel user = userSession.getUser();
        DeviceRepresentation device = device(session, userSession);
        String key = KnownDevices.key(
                device == null ? null : device.getBrowser(), device == null ? null : device.getOs(), deviceType);
        KnownDeviceStore store = new KnownDeviceStore(session, realm.getId());
        String recentKey = RecentlyKnown.key(realm.getId(), user.getId(), key);
        if (!news.any()) {
            long now = Time.currentTimeMillis();
            if (recentlyKnown.known(recentKey, now)) {
                return; // found known minutes ago: no read, no write
            }
            if (store.of(user.getId()).stream().anyMatch(row -> row.getDevice().equals(key))) {
                recentlyKnown.found(recentKey, now);
                return; // a known device from a known place: no write
            }
        }
        // A new device: decided again under the user's lock, so that parallel sign-ins on any node take turns. The
        // hourly count of e-mails is the new devices' TOLD times in the same rows, not Keycloak's work cache: the row
        // is written anyway, this lock already makes the decision cluster-wide, and the count must survive restarts
        // and hold with an external Infinispan, where the work cache is not ours.
        // A user of a federation that is not imported has no row: two first sign-ins of such a user at the same
        // moment may then both record or tell.
        UserLock.lock(session, user.getId());
        List<KnownDeviceEntity> rows = store.of(user.getId());
        long now = Time.currentTimeMillis();
        KnownDevices.Sighting sighting =
                KnownDevices.sighted(rows.stream().map(NewDeviceNotifier::known).toList(), key, now);
        if (!sighting.isNew() && !news.any()) {
            return;
        }
        boolean mailable = mailable(realm, user);
        // The first sign-in the extension sees of a user is never told, whatever it shows.
        boolean tell = mailable && !sighting.firstEver() && !sighting.limited();
        if (mailable && !sighting.firstEver() && sighting.limited()) {
            LOG.debugf(
                    "New-sign-in e-mail to user %s not sent: %d sent within the last hour",
                    user.getId(), KnownDevices.MAX_TOLD_PER_HOUR);
        }
        if (sighting.isNew()) {
            store.add(user.getId(), key, now, tell ? now : null);
            rows.stream().filter(row -> sighting.forget().contains(known(row))).forEach(row -> {
                store.remove(row);
                recentlyKnown.forget(RecentlyKnown.key(realm.getId(), user.getId(), row.getDevice()));
            });
        } else if (tell) {
            // Told of a place from a known device: its row carries the e-mail, so the hourly limit counts it.
            rows.stream().filter(row -> row.getDevice().equals(key)).findFirst().ifPresent(row -> row.setTold(now));
        }
        if (!tell) {
            return;
        }
        String application = client == null ? "" : label(client);
        String text = device == null
                ? application
                : DeviceText.of(
                        device.getOs(), device.getOsVersion(), device.getBrowser(), device.getDevice(), application);
        URI request = session.getContext().getUri().getBaseUri();
        URI base = MailLink.base(realm.getAttribute("frontendUrl"), hostname, request.getScheme(), request.getPath());
        Mail mail = new Mail(
                realm.getId(),
                user.getId(),
                now,
                text,
                userSession.getIpAddress() == null ? "" : userSession.getIpAddress(),
                application,
                base == null ? "" : MailLink.sessionsPage(base, realm.getName()),
                base == null ? NO_BASE : base,
                Place.ofNote(userSession.getNote(SessionNotes.PLACE)),
                news.from() != null ? Why.TRAVEL : news.newCountry() ? Why.PLACE : Why.DEVICE,
                news.from(),
                news.fromAt());
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                submit(mail);
            }

            @Override
            protected void rollbackImpl() {
                // the sign-in did not happen
            }
        });
    }

    private void submit(Mail mail) {
        try {
            mailer.execute(() -> send(mail));
        } catch (RejectedExecutionException e) {
            LOG.warnf("New-device e-mail not sent: %d e-mails are already waiting on this node", MAX_QUEUED);
        }
    }

    void send(Mail mail) {
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                RealmModel realm = session.realms().getRealm(mail.realmId());
                if (realm == null) {
                    return;
                }
                session.getContext().setRealm(realm);
                // Keycloak's e-mail templates read the request's URI; this thread has no request.
                session.getContext().setHttpRequest(StandInRequest.requestless(mail.baseUri()));
                UserModel user = session.users().getUserById(realm, mail.userId());
                if (user == null || !mailable(realm, user)) {
                    return;
                }
                Locale locale = session.getContext().resolveLocale(user);
                String when = DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
                                .withLocale(locale)
                                .withZone(ZoneOffset.UTC)
                                .format(Instant.ofEpochMilli(mail.at()))
                        + " UTC";
                Map<String, String> signIn = new java.util.HashMap<>(Map.of(
                        "time",
                        when,
                        "device",
                        mail.device(),
                        "ip",
                        mail.ip(),
                        "application",
                        mail.application(),
                        "link",
                        mail.link(),
                        "why",
                        mail.why().word(),
                        "place",
                        placeText(mail.place(), locale)));
                if (mail.from() != null && mail.place() != null && mail.place().hasCoordinates()) {
                    signIn.put("from", placeText(mail.from(), locale));
                    signIn.put(
                            "km",
                            String.format(locale, "%,d", Math.round(mail.from().kilometresTo(mail.place()))));
                    signIn.put("minutes", Long.toString(Math.max(0, (mail.at() - mail.fromAt()) / 60_000)));
                }
                // The device text comes from a User-Agent anyone can write: the HTML part gets every value escaped.
                Map<String, String> signInHtml = new java.util.HashMap<>();
                signIn.forEach((name, value) -> signInHtml.put(name, escapeHtml(value)));
                String realmName =
                        realm.getDisplayName() == null || realm.getDisplayName().isBlank()
                                ? realm.getName()
                                : realm.getDisplayName();
                try {
                    session.getProvider(EmailTemplateProvider.class)
                            .setRealm(realm)
                            .setUser(user)
                            .send(SUBJECT, List.of(realmName), TEMPLATE, attributes(signIn, signInHtml));
                } catch (Exception e) {
                    // The mail server's answer may name the recipient: only its kind above DEBUG.
                    LOG.warnf(
                            "New-device e-mail of realm %s not sent (%s; details at DEBUG)",
                            realm.getName(), rootCause(e).getClass().getSimpleName());
                    LOG.debugf(e, "New-device e-mail to user %s not sent", mail.userId());
                }
            });
        } catch (RuntimeException e) {
            LOG.warnf(
                    "New-device e-mail not sent (%s; details at DEBUG)",
                    rootCause(e).getClass().getSimpleName());
            LOG.debug("New-device e-mail not sent", e);
        }
    }

    /** "City, Country" in the user's language, the country alone without a city; empty without a place. */
    static String placeText(Place place, Locale locale) {
        if (place == null) {
            return "";
        }
        SessionView.Location location = place.location(locale);
        return location.city() == null ? location.country() : location.city() + ", " + location.country();
    }

    static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** Keycloak's parse of the sign-in's User-Agent, attached to the session, else of the current request. */
    private static DeviceRepresentation device(KeycloakSession session, UserSessionModel userSession) {
        DeviceRepresentation device = DeviceActivityManager.getCurrentDevice(userSession);
        if (device != null) {
            return device;
        }
        DeviceRepresentationProvider provider = session.getProvider(DeviceRepresentationProvider.class);
        return provider == null ? null : provider.deviceRepresentation();
    }

    /**
     * Whether the user can be written to: a verified address (an unverified one may be anyone's: a self-registered
     * account must not make the realm mail a stranger) and a realm with SMTP settings.
     */
    static boolean mailable(RealmModel realm, UserModel user) {
        return user.isEmailVerified()
                && user.getEmail() != null
                && !user.getEmail().isBlank()
                && realm.getSmtpConfig() != null
                && !realm.getSmtpConfig().isEmpty();
    }

    private static KnownDevices.Known known(KnownDeviceEntity row) {
        return new KnownDevices.Known(row.getDevice(), row.getSeen(), row.getTold() == null ? 0 : row.getTold());
    }

    /** The template's attributes, in a map Keycloak's provider adds its own to (locale, realm name, ...). */
    private static Map<String, Object> attributes(Map<String, String> signIn, Map<String, String> signInHtml) {
        Map<String, Object> attributes = new java.util.HashMap<>();
        attributes.put("signIn", signIn);
        attributes.put("signInHtml", signInHtml);
        return attributes;
    }

    static String escapeHtml(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (char c : value.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static String label(ClientModel client) {
        String name = client.getName();
        return name == null || name.isBlank() || name.startsWith("${") ? client.getClientId() : name;
    }
}
