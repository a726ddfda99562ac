package dev.sessioncontrol.it.bench;

import dev.sessioncontrol.it.support.KeycloakCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line about the machine a benchmark ran on, and what ran on it. */
final class Machine {

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
}
