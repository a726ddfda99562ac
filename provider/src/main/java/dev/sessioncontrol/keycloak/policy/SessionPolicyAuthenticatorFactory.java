package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.support.Inert;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorFactory;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;

/**
 * "Session policy": an optional flow step. Not configurable on purpose: the realm's policy object is the
 * single source of truth for this step and for the listener.
 */
public final class SessionPolicyAuthenticatorFactory extends SessionControlProviderFactory
        implements AuthenticatorFactory {

    public static final String ID = "session-control-policy";

    private static final AuthenticationExecutionModel.Requirement[] REQUIREMENTS = {
        AuthenticationExecutionModel.Requirement.REQUIRED, AuthenticationExecutionModel.Requirement.DISABLED
    };

    /** One instance serves every request of the node (it only remembers which misplaced steps it reported). */
    private final SessionPolicyAuthenticator authenticator = new SessionPolicyAuthenticator();

    @Override
    public Authenticator create(KeycloakSession session) {
        return KeycloakCompatibility.supported() ? authenticator : Inert.AUTHENTICATOR;
    }

    @Override
    public String getDisplayType() {
        return "Session policy";
    }

    @Override
    public String getReferenceCategory() {
        return "session-policy";
    }

    @Override
    public boolean isConfigurable() {
        return false;
    }

    @Override
    public AuthenticationExecutionModel.Requirement[] getRequirementChoices() {
        return REQUIREMENTS;
    }

    @Override
    public boolean isUserSetupAllowed() {
        return false;
    }

    @Override
    public String getHelpText() {
        return "Applies the realm's concurrent-login policy (Session control) before the session is created: "
                + "refuses sign-ins with DenyNew, and warns browser users that other sessions will be signed out. "
                + "Place it after the step that checks the user's credential (password, OTP, WebAuthn...).";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    @Override
    public String getId() {
        return ID;
    }
}
