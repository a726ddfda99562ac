package dev.sessioncontrol.it.bench;

import dev.sessioncontrol.it.support.KeycloakCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a benchmark ran on, and what ran on it. */
final class Machine {

    /** Linux's USER_HZ, the unit of /proc/stat: 100 on every architecture Keycloak runs on. */
    private static final int CLOCK_TICKS = 100;

    private Machine() {}

    static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(cpu);
        } catch (IOException e) {
            // not Linux: keep "unknown CPU"
        }
        long memGb = ((com.sun.management.OperatingSystemMXBean)
                                java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize()
                / (1024L * 1024 * 1024);
        return Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), " + memGb + " GiB, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name");
    }

    /** "Machine: ...; Keycloak ..., DATABASE": the start of a report's set-up line. */
    static String withKeycloakAnd(String database) {
        return "Machine: " + describe() + "; Keycloak " + KeycloakCluster.keycloakVersion() + ", " + database;
    }

    /**
     * The CPU time the whole machine has spent busy since boot (every core's user, system and interrupt time from
     * {@code /proc/stat}; not the time a hypervisor gave to others), in milliseconds, or NaN where there is no such file. A difference of two readings is
     * what every process (the servers, the database, the client) used in between.
     */
    static double busyCpuMillis() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return busy * 1000.0 / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
