package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.config.ConcurrentLoginMode;
import dev.sessioncontrol.keycloak.config.LimitAction;
import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import dev.sessioncontrol.keycloak.device.DeviceTypeResolver;
import dev.sessioncontrol.keycloak.device.DeviceTypes;
import dev.sessioncontrol.keycloak.device.SignInChannel;
import dev.sessioncontrol.keycloak.sessions.SessionRecorder;
import dev.sessioncontrol.keycloak.sessions.SessionService;
import dev.sessioncontrol.keycloak.sessions.UserLock;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.AuthenticatorUtil;
import org.keycloak.authentication.authenticators.broker.AbstractIdpAuthenticator;
import org.keycloak.authentication.authenticators.broker.util.PostBrokerLoginConstants;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The "Session policy" step. Placed after the user's credential was checked, it looks at the realm's policy before
 * the new session exists:
 * <ul>
 * <li>{@code DenyNew} over the limit: refuses. A browser gets an error page with the reason, the token
 * endpoint an OAuth JSON error. The refusal is a challenge, not a failure, so Keycloak's brute-force
 * protection never counts it as a failed password.</li>
 * <li>{@code TerminateOldest} over the limit, in a browser: asks the user first (continue / cancel). Ending
 * the other sessions is left to the listener, after the session exists, so there is one place that ends.</li>
 * </ul>
 * Before a credential of the user was checked in this flow (the step placed after a username-only step) it does
 * nothing at all: no lock, no place kept, no word about the user's other sessions to a request nobody authenticated;
 * the misplacement is reported once per flow in the log.
 */
final class SessionPolicyAuthenticator implements Authenticator {

    private static final Logger LOG = Logger.getLogger(SessionPolicyAuthenticator.class);

    /** Auth-session note: the user already agreed on this sign-in. */
    private static final String CONFIRMED = "session-control.policy-confirmed";
    /** {@code AuthenticationProcessor}'s flow path of the direct grant at the token endpoint. */
    private static final String TOKEN_FLOW_PATH = "token";

    static final String CONFIRM_TEMPLATE = "session-policy-confirm.ftl";

    /** Flows (realm and flow id) whose misplaced step was reported on this node. */
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        SessionControlConfig config = SessionControlConfig.of(realm);
        Policy policy = Policy.of(config);
        if (user == null || !policy.enabled() || signedInAlready(context, user)) {
            context.success();
            return;
        }
        if (!authenticated(context.getAuthenticationSession())) {
            reportMisplaced(context);
            context.success();
            return;
        }
        if (policy.exempts(realm, user)) {
            context.success();
            return;
        }
        boolean tokenEndpoint = TOKEN_FLOW_PATH.equals(context.getFlowPath());
        String deviceType = deviceType(context, config, tokenEndpoint);
        String filter = policy.mode() == ConcurrentLoginMode.LogoutFromSameTypeDevices ? deviceType : null;
        SharedStore admissions = null;
        String admissionKey = Admissions.key(realm.getId(), user.getId(), filter);
        if (policy.action() == LimitAction.DenyNew) {
            // Decisions for one user one at a time, on every node: the lock is held until this request ends.
            UserLock.lock(context.getSession(), user.getId());
            admissions = SharedStore.of(context.getSession());
        }
        long now = Time.currentTimeMillis();
        // Admissions first, then the written sessions: a sign-in gives up its admission only after its session was
        // written, so a place taken is seen as one or the other however the two reads interleave with it.
        List<String> admitted = admissions == null ? List.of() : Admissions.pending(admissions, admissionKey, now);
        List<LiveSession> existing = new ArrayList<>(LiveSession.ofRows(
                new SessionService(context.getSession(), realm).liveSessionsOfUser(user.getId(), filter)));
        Set<String> written = existing.stream().map(LiveSession::id).collect(Collectors.toSet());
        for (String id : admitted) {
            if (!written.contains(id)) {
                existing.add(new LiveSession(id, deviceType, now));
            }
        }
        Decision decision = ConcurrentLoginDecision.forNewSignIn(policy, deviceType, null, existing);

        if (decision.denied()) {
            deny(context, policy, deviceType, tokenEndpoint);
            return;
        }
        if (admissions != null) {
            // The user session Keycloak creates for this sign-in takes the authentication session's id.
            Admissions.admit(
                    admissions,
                    admissionKey,
                    context.getAuthenticationSession().getParentSession().getId(),
                    now);
        }
        if (decision.toEnd().isEmpty()
                || tokenEndpoint
                || context.getAuthenticationSession().getAuthNote(CONFIRMED) != null) {
            context.success();
        } else {
            Response page = context.form()
                    .setAttribute(
                            "sessionPolicy",
                            Map.of(
                                    "count",
                                    decision.toEnd().size(),
                                    "deviceType",
                                    deviceType,
                                    "allDevices",
                                    policy.mode() == ConcurrentLoginMode.LogoutFromAllDevices))
                    .createForm(CONFIRM_TEMPLATE);
            context.challenge(page);
        }
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("cancel")) {
            context.cancelLogin();
            return;
        }
        context.getAuthenticationSession().setAuthNote(CONFIRMED, "true");
        context.success();
    }

    /**
     * Whether a credential of the user was checked in this flow (Keycloak records the credential types its
     * authenticators accepted), or an identity provider authenticated the user (the broker flows).
     */
    private static boolean authenticated(AuthenticationSessionModel authSession) {
        return !AuthenticatorUtil.getAuthnCredentials(authSession).isEmpty()
                || authSession.getAuthNote(AbstractIdpAuthenticator.BROKERED_CONTEXT_NOTE) != null
                || authSession.getAuthNote(PostBrokerLoginConstants.PBL_BROKERED_IDENTITY_CONTEXT) != null;
    }

    /** The step runs before any credential was checked: a flow to fix, said once per flow and node. */
    private void reportMisplaced(AuthenticationFlowContext context) {
        AuthenticationFlowModel flow = context.getTopLevelFlow();
        String flowAlias = flow == null ? "?" : flow.getAlias();
        if (reported.add(context.getRealm().getId() + "/" + flowAlias)) {
            LOG.errorf(
                    "Flow '%s' of realm '%s' runs the Session policy step before any credential of the user was"
                            + " checked, so the step does nothing there (no limit is enforced before the session exists):"
                            + " move it after the password, OTP or WebAuthn step",
                    flowAlias, context.getRealm().getName());
        }
    }

    /** A browser that still holds a live session of this user re-authenticates (step-up, prompt=login). */
    private static boolean signedInAlready(AuthenticationFlowContext context, UserModel user) {
        if (TOKEN_FLOW_PATH.equals(context.getFlowPath())) {
            return false;
        }
        AuthenticationManager.AuthResult cookie =
                AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        return cookie != null && cookie.user() != null && cookie.user().getId().equals(user.getId());
    }

    private static String deviceType(
            AuthenticationFlowContext context, SessionControlConfig config, boolean tokenEndpoint) {
        ClientModel client = context.getAuthenticationSession().getClient();
        return DeviceTypeResolver.resolve(
                client == null ? null : client.getAttribute(DeviceTypes.CLIENT_ATTRIBUTE),
                tokenEndpoint ? SignInChannel.TOKEN_ENDPOINT : SignInChannel.BROWSER,
                config.deviceTypeFromUserAgent(),
                DeviceTypeResolver.userAgentOf(context.getSession()));
    }

    private static void deny(
            AuthenticationFlowContext context, Policy policy, String deviceType, boolean tokenEndpoint) {
        boolean all = policy.mode() == ConcurrentLoginMode.LogoutFromAllDevices;
        SessionRecorder recorder = context.getSession().getProvider(SessionRecorder.class);
        if (recorder != null) {
            recorder.refused(context.getRealm(), deviceType);
        }
        context.getEvent()
                .clone()
                .detail(Details.REASON, "concurrent-login-policy")
                .detail(ConcurrentLoginPolicy.DETAIL_POLICY, policy.mode().name())
                .detail(ConcurrentLoginPolicy.DETAIL_DEVICE_TYPE, deviceType)
                .error(Errors.ACCESS_DENIED);
        Response response;
        if (tokenEndpoint) {
            String description = all
                    ? "Session limit reached: the user is already signed in on another device"
                    : "Session limit reached: the user already has " + policy.limit() + " " + deviceType
                            + " session(s)";
            response = Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new OAuth2ErrorRepresentation(OAuthErrorException.ACCESS_DENIED, description))
                    .build();
        } else {
            response = context.form()
                    .setError(
                            all ? "sessionPolicyDeniedAll" : "sessionPolicyDeniedSameType", policy.limit(), deviceType)
                    .createErrorPage(Response.Status.FORBIDDEN);
        }
        // A challenge, not context.failure(...): a failure would be counted by brute-force protection.
        context.challenge(response);
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

    @Override
    public void close() {}
}
