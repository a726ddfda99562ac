package dev.sessioncontrol.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The run's location database: a real MaxMind-format file written by MaxMind's own Perl writer
 * ({@code libmaxmind-db-writer-perl}) from the places below, on documentation address ranges. The run's servers
 * read it ({@code --spi-session-control-geo--default--database}); any other address has no place.
 */
public final class TestPlaces {

    /** One network of the file; {@code names} as {@code en=Munich;de=München}. */
    public record Entry(String network, String countryCode, String latitude, String longitude, String names) {
        String line() {
            return String.join("|", network, countryCode, latitude, longitude, names);
        }
    }

    /** In Berlin, Germany. */
    public static final String BERLIN = "203.0.113.7";
    /** In Sydney, Australia (16,000 km from Berlin). */
    public static final String SYDNEY = "198.51.100.7";
    /** In Munich (München in German), Germany: 505 km from Berlin, just beyond the travel check's 500 km. */
    public static final String MUNICH = "192.0.2.7";
    /** In Hamburg, Germany: 255 km from Berlin, too near for the travel check. */
    public static final String HAMBURG = "198.18.0.7";
    /** In Paris, France. */
    public static final String PARIS = "2001:db8::7";
    /** An address the file does not know. */
    public static final String UNKNOWN = "100.64.0.7";

    public static final List<Entry> PLACES = List.of(
            new Entry("203.0.113.0/24", "DE", "52.52", "13.40", "en=Berlin;de=Berlin;fr=Berlin"),
            new Entry("198.51.100.0/24", "AU", "-33.87", "151.21", "en=Sydney;de=Sydney;fr=Sydney"),
            new Entry("192.0.2.0/24", "DE", "48.14", "11.58", "en=Munich;de=München;fr=Munich"),
            new Entry("198.18.0.0/24", "DE", "53.55", "10.00", "en=Hamburg;de=Hamburg;fr=Hambourg"),
            new Entry("2001:db8::/32", "FR", "48.86", "2.35", "en=Paris;de=Paris;fr=Paris"));

    private TestPlaces() {}

    /** Writes the run's places to {@code file}. */
    public static void write(Path file) {
        write(file, PLACES);
    }

    /**
     * Writes these places to {@code file}: to a new file first, then moved over the old one, as an operator's
     * update does, so a server never reads half a file.
     */
    public static void write(Path file, List<Entry> places) {
        try {
            Files.createDirectories(file.getParent());
            Path script = file.resolveSibling("write-places.pl");
            try (InputStream in = TestPlaces.class.getResourceAsStream("/geo/write-places.pl")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            Path written = file.resolveSibling(file.getFileName() + ".new");
            Process perl = new ProcessBuilder("perl", script.toString(), written.toString())
                    .redirectErrorStream(true)
                    .start();
            perl.getOutputStream()
                    .write(places.stream()
                            .map(Entry::line)
                            .collect(Collectors.joining("\n", "", "\n"))
                            .getBytes(StandardCharsets.UTF_8));
            perl.getOutputStream().close();
            String output = new String(perl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!perl.waitFor(60, TimeUnit.SECONDS) || perl.exitValue() != 0) {
                throw new IllegalStateException("Writing the test location database failed (is Debian's"
                        + " libmaxmind-db-writer-perl installed? .ci/run installs it): " + output);
            }
            Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
