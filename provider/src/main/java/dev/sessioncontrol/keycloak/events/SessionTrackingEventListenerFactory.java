package dev.sessioncontrol.keycloak.events;

import dev.sessioncontrol.keycloak.notify.NewDeviceNotifier;
import dev.sessioncontrol.keycloak.policy.ConcurrentLoginPolicy;
import dev.sessioncontrol.keycloak.support.Inert;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Global: active in every realm without adding it to the realm's event listeners. */
public final class SessionTrackingEventListenerFactory extends SessionControlProviderFactory
        implements EventListenerProviderFactory {

    public static final String ID = "session-control";

    /** The node's concurrent-login policy, as long as this factory. */
    private final ConcurrentLoginPolicy policy = new ConcurrentLoginPolicy();
    /** The node's new-device e-mails, with their mail thread, as long as this factory. */
    private final NewDeviceNotifier notifier = new NewDeviceNotifier();

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return KeycloakCompatibility.supported()
                ? new SessionTrackingEventListener(session, policy, notifier)
                : Inert.EVENTS;
    }

    /** The one line an operator sees when the extension stays off (this factory is the extension's core). */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        KeycloakCompatibility.reportIfUnsupported();
        if (KeycloakCompatibility.supported()) {
            notifier.start(factory);
        }
    }

    @Override
    public void close() {
        notifier.stop();
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return ID;
    }
}
