package dev.sessioncontrol.it.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Measures what the Keycloak server allocates on its request threads while a piece of work runs, from the exact
 * per-thread allocation counters JDK Flight Recorder snapshots when a recording starts and when it stops
 * ({@code jdk.ThreadAllocationStatistics}). Background threads (caches, expiry, recounts) are left out, so the
 * figure is what serving the requests cost. Uses jcmd and jfr. Also records profiles of a piece of work.
 */
final class ServerProbe {

    /** Quarkus' worker threads run the REST resources; Vert.x event loops read and write the HTTP traffic. */
    private static final Pattern REQUEST_THREAD = Pattern.compile("executor-thread|vert\\.x-eventloop");

    private final long pid;
    private final Path dir;

    private ServerProbe(long pid, Path dir) {
        this.pid = pid;
        this.dir = dir;
    }

    /** The java process running the distribution under {@code home}, if jcmd can reach it. */
    static Optional<ServerProbe> attach(Path home, Path workDir) {
        String homePath = home.toAbsolutePath().normalize().toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .filter(p -> p.info()
                        .commandLine()
                        .map(c -> c.contains("kc.home.dir=" + homePath))
                        .orElse(false))
                .findFirst()
                .map(p -> new ServerProbe(p.pid(), workDir));
    }

    /** Bytes the server's request threads allocated while {@code work} ran; NaN when it cannot be told. */
    double allocatedBytes(String name, Runnable work) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".jfr").toAbsolutePath();
        jcmd("JFR.start", "name=" + name, "settings=default");
        work.run();
        jcmd("JFR.stop", "name=" + name, "filename=" + file);
        Process print = new ProcessBuilder(
                        "jfr", "print", "--json", "--events", "jdk.ThreadAllocationStatistics", file.toString())
                .redirectErrorStream(true)
                .start();
        String json = new String(print.getInputStream().readAllBytes());
        print.waitFor(2, TimeUnit.MINUTES);
        Files.deleteIfExists(file);
        return requestThreadAllocation(Json.parse(json));
    }

    /**
     * The snapshots come in two sets, one when the recording started and one when it stopped, each a burst of
     * events a few microseconds apart; the work ran in between. A request thread's share is its counter at the
     * stop minus at the start; a thread only the stop set knows was started during the work and counts whole.
     */
    static double requestThreadAllocation(JsonNode recording) {
        List<JsonNode> events = Json.list(recording.path("recording").path("events"));
        if (events.isEmpty()) {
            return Double.NaN;
        }
        Instant first =
                events.stream().map(ServerProbe::at).min(Instant::compareTo).orElseThrow();
        Instant last =
                events.stream().map(ServerProbe::at).max(Instant::compareTo).orElseThrow();
        Instant middle = first.plus(Duration.between(first, last).dividedBy(2));
        Map<Long, long[]> startAndStop = new HashMap<>();
        for (JsonNode event : events) {
            JsonNode thread = event.path("values").path("thread");
            if (!REQUEST_THREAD.matcher(thread.path("javaName").asText()).lookingAt()) {
                continue;
            }
            long[] counters =
                    startAndStop.computeIfAbsent(thread.path("javaThreadId").asLong(), k -> new long[] {0, -1});
            counters[at(event).isAfter(middle) ? 1 : 0] =
                    event.path("values").path("allocated").asLong();
        }
        return startAndStop.values().stream()
                .filter(c -> c[1] >= 0)
                .mapToLong(c -> c[1] - c[0])
                .sum();
    }

    private static Instant at(JsonNode event) {
        return Instant.parse(event.path("values").path("startTime").asText());
    }

    /**
     * Records the server with JDK Flight Recorder while {@code work} runs, into {@code file}.
     *
     * @param settings "profile", "default" or the path of a .jfc file
     */
    void record(Path file, String settings, Callable<?> work) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        String name = file.getFileName().toString();
        jcmd("JFR.start", "name=" + name, "settings=" + settings);
        try {
            work.call();
        } finally {
            jcmd("JFR.stop", "name=" + name, "filename=" + file.toAbsolutePath());
        }
    }

    private void jcmd(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("jcmd", Long.toString(pid)));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(1, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", args) + " failed: " + out);
        }
    }
}
