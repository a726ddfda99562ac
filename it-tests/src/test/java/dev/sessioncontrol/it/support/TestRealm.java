package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.resource.RealmResource;

/**
 * A realm of its own for one test class, driven through the admin REST API with plain HTTP
 * (or Keycloak's admin client through {@link #admin()}).
 */
public final class TestRealm implements AutoCloseable {

    private final KeycloakServer server;
    private final String name;
    /** Tokens name this base as their issuer: the node the realm was created on (the cluster's hostname). */
    private final String issuerBase;
    /** Only the realm made by {@link #create}/{@link #importRealm} deletes it; views on other nodes do not. */
    private final boolean owner;

    private TestRealm(KeycloakServer server, String name, String issuerBase, boolean owner) {
        this.server = server;
        this.name = name;
        this.issuerBase = issuerBase;
        this.owner = owner;
    }

    /** Creates an enabled realm that stores user events (all types) and admin events with details. */
    public static TestRealm create(KeycloakServer server, String name) {
        ObjectNode realm = Json.object()
                .put("realm", name)
                .put("enabled", true)
                .put("eventsEnabled", true)
                .put("adminEventsEnabled", true)
                .put("adminEventsDetailsEnabled", true);
        Http.postJson(server.baseUrl() + "/admin/realms", server.adminToken(), realm)
                .requireSuccess("Creating realm " + name);
        return new TestRealm(server, name, server.baseUrl(), true);
    }

    /** Imports a whole realm representation (as {@code --import-realm} would) and manages it like any other. */
    public static TestRealm importRealm(KeycloakServer server, JsonNode representation) {
        Http.postJson(server.baseUrl() + "/admin/realms", server.adminToken(), representation)
                .requireSuccess(
                        "Importing realm " + representation.path("realm").asText());
        return new TestRealm(server, representation.path("realm").asText(), server.baseUrl(), true);
    }

    /**
     * The same realm reached through another node of a cluster: every URL of the view points at that node; tokens
     * still name the cluster's hostname as issuer. Closing a view does not delete the realm.
     */
    public TestRealm on(KeycloakServer node) {
        return new TestRealm(node, name, issuerBase, false);
    }

    public String name() {
        return name;
    }

    public KeycloakServer server() {
        return server;
    }

    /** The realm's base on this view's node, e.g. http://127.0.0.1:PORT/realms/NAME. */
    public String url() {
        return server.baseUrl() + "/realms/" + name;
    }

    /** The {@code iss} of the realm's tokens (the same on every node of a cluster). */
    public String issuer() {
        return issuerBase + "/realms/" + name;
    }

    /** The realm's admin REST base: http://127.0.0.1:PORT/admin/realms/NAME. */
    public String adminUrl() {
        return server.baseUrl() + "/admin/realms/" + name;
    }

    public String adminToken() {
        return server.adminToken();
    }

    /** Keycloak's admin client (master admin); fetch it again after a server restart. */
    public Keycloak adminClient() {
        return server.adminClient();
    }

    /** This realm in Keycloak's admin client. */
    public RealmResource admin() {
        return adminClient().realm(name);
    }

    /** GET on the admin REST API; {@code path} is relative to {@link #adminUrl()}, e.g. "/users". */
    public Http.Response adminGet(String path) {
        return Http.get(adminUrl() + path, adminToken());
    }

    public Http.Response adminPost(String path, Object jsonBody) {
        return Http.postJson(adminUrl() + path, adminToken(), jsonBody);
    }

    public Http.Response adminPut(String path, Object jsonBody) {
        return Http.putJson(adminUrl() + path, adminToken(), jsonBody);
    }

    public Http.Response adminDelete(String path) {
        return Http.delete(adminUrl() + path, adminToken());
    }

    /** The id of the user with exactly this username. */
    public String userId(String username) {
        return Json.list(adminGet("/users?exact=true&username=" + username)
                        .requireSuccess("finding " + username)
                        .json())
                .get(0)
                .get("id")
                .asText();
    }

    /** Selects the extension's admin and account console themes for this realm. */
    public void useSessionControlThemes() {
        adminPut("", Json.object().put("adminTheme", "session-control").put("accountTheme", "session-control"))
                .requireSuccess("selecting the session-control themes");
    }

    /**
     * Creates an enabled user with a permanent password and a complete profile (so no required action
     * interrupts a login), plus the given realm roles. Created through /users, so default roles apply.
     *
     * @return the user's id
     */
    public String createUser(String username, String password, String... realmRoles) {
        ObjectNode user = Json.object()
                .put("username", username)
                .put("enabled", true)
                .put("email", username + "@example.test")
                .put("emailVerified", true)
                .put("firstName", "Test")
                .put("lastName", username);
        String id = idFromLocation(adminPost("/users", user).requireSuccess("Creating user " + username));
        ObjectNode credential =
                Json.object().put("type", "password").put("value", password).put("temporary", false);
        adminPut("/users/" + id + "/reset-password", credential).requireSuccess("Setting the password of " + username);
        if (realmRoles.length > 0) {
            List<JsonNode> roles = Arrays.stream(realmRoles)
                    .map(role -> adminGet("/roles/" + Http.encode(role))
                            .requireSuccess("Reading realm role " + role)
                            .json())
                    .toList();
            adminPost("/users/" + id + "/role-mappings/realm", roles)
                    .requireSuccess("Granting realm roles to " + username);
        }
        return id;
    }

    /**
     * Sets the user's {@code locale} attribute (the language Keycloak's consoles and e-mails use for them), on the
     * whole representation: a partial one would drop the user's names and e-mail.
     */
    public void setLocale(String userId, String locale) {
        ObjectNode user = (ObjectNode) adminGet("/users/" + userId)
                .requireSuccess("Reading user " + userId)
                .json();
        ObjectNode attributes =
                user.has("attributes") ? (ObjectNode) user.get("attributes") : user.putObject("attributes");
        attributes.set("locale", Json.parse("[\"" + locale + "\"]"));
        adminPut("/users/" + userId, user).requireSuccess("Setting the locale of user " + userId);
    }

    /** @return the client's internal id (the UUID in admin URLs) */
    public String createClient(ClientSpec spec) {
        return idFromLocation(
                adminPost("/clients", spec.toRepresentation()).requireSuccess("Creating client " + spec.clientId()));
    }

    /** The internal id of the client with this clientId (e.g. "realm-management"). */
    public String clientUuid(String clientId) {
        List<JsonNode> found = Json.list(adminGet("/clients?clientId=" + Http.encode(clientId))
                .requireSuccess("Looking up client " + clientId)
                .json());
        if (found.isEmpty()) {
            throw new IllegalArgumentException("No client " + clientId + " in realm " + name);
        }
        return found.get(0).get("id").asText();
    }

    /** Grants a client role, e.g. ("realm-management", "manage-users") or ("account", "manage-account"). */
    public void assignClientRole(String userId, String clientId, String roleName) {
        String clientUuid = clientUuid(clientId);
        JsonNode role = adminGet("/clients/" + clientUuid + "/roles/" + Http.encode(roleName))
                .requireSuccess("Reading role " + clientId + "/" + roleName)
                .json();
        adminPost("/users/" + userId + "/role-mappings/clients/" + clientUuid, List.of(role))
                .requireSuccess("Granting " + clientId + "/" + roleName);
    }

    /** Grants a client role to the service account of the client with internal id {@code clientUuid}. */
    public void assignServiceAccountClientRole(String clientUuid, String clientId, String roleName) {
        String userId = adminGet("/clients/" + clientUuid + "/service-account-user")
                .requireSuccess("Reading the service account of " + clientUuid)
                .json()
                .get("id")
                .asText();
        assignClientRole(userId, clientId, roleName);
    }

    /**
     * Copies a built-in flow ({@code "browser"}, {@code "direct grant"}) as {@code copy} and appends the extension's
     * "Session policy" step, REQUIRED, to {@code into} (the copy itself or one of its sub-flows).
     */
    public void copyFlowWithSessionPolicy(String flow, String copy, String into) {
        adminPost(
                        "/authentication/flows/" + flowAlias(flow) + "/copy",
                        Json.object().put("newName", copy))
                .requireSuccess("copying " + flow);
        adminPost(
                        "/authentication/flows/" + flowAlias(into) + "/executions/execution",
                        Json.object().put("provider", "session-control-policy"))
                .requireSuccess("adding the step");
        for (JsonNode execution : Json.list(adminGet("/authentication/flows/" + flowAlias(copy) + "/executions")
                .json())) {
            if ("session-control-policy".equals(execution.path("providerId").asText())) {
                ((ObjectNode) execution).put("requirement", "REQUIRED");
                adminPut("/authentication/flows/" + flowAlias(copy) + "/executions", execution)
                        .requireSuccess("making the step required");
            }
        }
    }

    /** A flow alias in a URL path (spaces as %20, not as the form encoding's +). */
    public static String flowAlias(String name) {
        return Http.encode(name).replace("+", "%20");
    }

    public void createRealmRole(String roleName) {
        adminPost("/roles", Json.object().put("name", roleName)).requireSuccess("Creating realm role " + roleName);
    }

    /** Stored user events of one type (e.g. "LOGIN", "LOGOUT"), newest first; null for all types. */
    public List<JsonNode> userEvents(String type) {
        String query = "/events?max=1000" + (type == null ? "" : "&type=" + Http.encode(type));
        return Json.list(adminGet(query).requireSuccess("Reading user events").json());
    }

    /** Stored admin events, newest first. */
    public List<JsonNode> adminEvents() {
        return Json.list(adminGet("/admin-events?max=1000")
                .requireSuccess("Reading admin events")
                .json());
    }

    /** The user's sessions as the admin REST API lists them (each has "id", the sid). */
    public List<JsonNode> userSessions(String userId) {
        return Json.list(adminGet("/users/" + userId + "/sessions")
                .requireSuccess("Reading sessions")
                .json());
    }

    /**
     * After a {@code revoke-all}: waits until the server's clock (this machine's) has passed its cut-off second, the
     * latest "not before" of the realm, its clients and its users. Sign-ins in the cut-off's own second count as
     * before it (their tokens are refused, their sessions ended), so a test that signs in next waits for this.
     */
    public void awaitPastCutOff() {
        long notBefore =
                adminGet("").requireSuccess("realm").json().path("notBefore").asLong();
        for (JsonNode client : Json.list(
                adminGet("/clients?max=1000").requireSuccess("clients").json())) {
            notBefore = Math.max(notBefore, client.path("notBefore").asLong());
        }
        for (JsonNode user :
                Json.list(adminGet("/users?max=1000").requireSuccess("users").json())) {
            notBefore = Math.max(notBefore, user.path("notBefore").asLong());
        }
        long cutOff = notBefore;
        Poll.until(
                "this machine's clock past the cut-off second " + cutOff,
                Duration.ofSeconds(5),
                () -> System.currentTimeMillis() / 1000 >= cutOff);
    }

    /** Deletes the realm; best effort, since it runs after the tests of a class, passed or not. */
    @Override
    public void close() {
        if (!owner) {
            return;
        }
        try {
            Http.Response response = Http.delete(adminUrl(), adminToken());
            if (!response.isSuccess() && response.status() != 404) {
                System.err.println("Could not delete realm " + name + ": " + response);
            }
        } catch (RuntimeException e) {
            System.err.println("Could not delete realm " + name + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "TestRealm[" + name + "]";
    }

    private static String idFromLocation(Http.Response created) {
        String location = created.location();
        if (location == null) {
            throw new IllegalStateException("No Location header in " + created);
        }
        return location.substring(location.lastIndexOf('/') + 1);
    }
}
