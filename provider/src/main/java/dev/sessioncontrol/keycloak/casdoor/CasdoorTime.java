package dev.sessioncontrol.keycloak.casdoor;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Casdoor's time format: RFC 3339 to the second with the offset of the server's zone, as Go's time.RFC3339. */
final class CasdoorTime {

    private static final DateTimeFormatter RFC_3339 = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");

    private CasdoorTime() {}

    static String format(Instant instant, ZoneId zone) {
        return RFC_3339.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }

    /** The instant of an RFC 3339 time, or empty for anything else (applications may store any string). */
    static Optional<Instant> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(value.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
