package dev.sessioncontrol.keycloak.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * Errors as {@code {"error": "<message>"}} with a real status. The message is also the exception's message,
 * which is what Keycloak's error handler puts under {@code error} should it render the exception itself.
 */
final class ApiErrors {

    private ApiErrors() {}

    static WebApplicationException error(Response.Status status, String message) {
        Response response = Response.status(status)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("error", message))
                .build();
        return new WebApplicationException(message, response);
    }

    static WebApplicationException badRequest(String message) {
        return error(Response.Status.BAD_REQUEST, message);
    }

    static WebApplicationException notFound(String message) {
        return error(Response.Status.NOT_FOUND, message);
    }

    static WebApplicationException unauthorized(String message) {
        return error(Response.Status.UNAUTHORIZED, message);
    }

    static WebApplicationException forbidden(String message) {
        return error(Response.Status.FORBIDDEN, message);
    }

    /** Casdoor's wording, so that clients of either API see the same sentence. */
    static WebApplicationException currentSession(String id) {
        return error(Response.Status.CONFLICT, "session id " + id + " is the current session and cannot be deleted");
    }
}
