package dev.sessioncontrol.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Measures what the Keycloak server allocates on its request threads while a piece of work runs, with JDK Flight
 * Recorder's allocation samples (their weights add up to an estimate of the bytes allocated). Background threads
 * (caches, expiry, recounts) are left out, so the figure is what serving the requests cost. Uses jcmd and jfr.
 */
final class ServerProbe {

    private static final Pattern WEIGHT = Pattern.compile("weight = ([0-9.]+) (bytes|kB|MB|GB)");
    /** jfr prints the time of day only; a run crossing midnight counts no sample and reports n/a. */
    private static final Pattern START_TIME = Pattern.compile("startTime = ([0-9:.]+)");
    /** Quarkus' worker threads run the REST resources; Vert.x event loops read and write the HTTP traffic. */
    private static final Pattern REQUEST_THREAD = Pattern.compile("eventThread = \"(executor-thread|vert\\.x-eventloop)");

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
                .filter(p -> p.info().commandLine().map(c -> c.contains("kc.home.dir=" + homePath)).orElse(false))
                .findFirst()
                .map(p -> new ServerProbe(p.pid(), workDir));
    }

    long pid() {
        return pid;
    }

    /**
     * Bytes the server's request threads allocated while {@code work} ran (an estimate from allocation samples).
     * A sample's weight is what its thread allocated since that thread's previous sample, so the work runs twice
     * and only samples taken during the second run count: their weights then lie within the work.
     */
    double allocatedBytes(String name, Runnable work) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".jfr").toAbsolutePath();
        jcmd("JFR.start", "name=" + name, "settings=profile");
        work.run();
        LocalTime boundary = LocalTime.now();
        work.run();
        jcmd("JFR.stop", "name=" + name, "filename=" + file);
        Process print = new ProcessBuilder("jfr", "print", "--events", "jdk.ObjectAllocationSample", file.toString())
                .redirectErrorStream(true).start();
        double total = 0;
        int counted = 0;
        for (String event : new String(print.getInputStream().readAllBytes()).split("jdk.ObjectAllocationSample \\{")) {
            Matcher m = WEIGHT.matcher(event);
            Matcher at = START_TIME.matcher(event);
            if (REQUEST_THREAD.matcher(event).find() && at.find() && m.find()
                    && !LocalTime.parse(at.group(1)).isBefore(boundary)) {
                total += Double.parseDouble(m.group(1)) * switch (m.group(2)) {
                    case "kB" -> 1024d;
                    case "MB" -> 1024d * 1024;
                    case "GB" -> 1024d * 1024 * 1024;
                    default -> 1d;
                };
                counted++;
            }
        }
        print.waitFor(2, TimeUnit.MINUTES);
        Files.deleteIfExists(file);
        return counted == 0 ? Double.NaN : total;
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
