package dev.sessioncontrol.it.demo;

import dev.sessioncontrol.it.support.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs Keycloak in development mode from a prepared distribution (the extension in {@code providers/}, the demo
 * realm in {@code data/import/}), then sets it up through the admin REST API as {@link DemoSetup} describes.
 * {@code main} is README command 1 (the {@code demo} Maven profile): Keycloak's log goes to the terminal and
 * Ctrl+C stops it.
 */
public final class Demo implements AutoCloseable {

    /** Demo only: the bootstrap admin of the master realm, named in the README. */
    public static final String ADMIN_USERNAME = "admin";

    public static final String ADMIN_PASSWORD = "admin";

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);
    /** Where the demo listens unless told otherwise ({@code -Ddemo.host=0.0.0.0}): this machine only. */
    static final String DEFAULT_HOST = "127.0.0.1";

    private final Process keycloak;
    private final String baseUrl;

    private Demo(Process keycloak, String baseUrl) {
        this.keycloak = keycloak;
        this.baseUrl = baseUrl;
    }

    /**
     * Starts Keycloak on {@code port} of this machine only, waits until the demo realm answers and sets the demo up.
     *
     * @param log where Keycloak's output goes; null for this process's own output
     */
    public static Demo start(Path home, int port, Path log) {
        return start(home, DEFAULT_HOST, port, log);
    }

    /**
     * As {@link #start(Path, int, Path)}, listening on {@code host}: the demo's admin is {@code admin} / {@code admin},
     * so it listens on the loopback interface unless the operator says otherwise.
     */
    public static Demo start(Path home, String host, int port, Path log) {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                        home.resolve("bin/kc.sh").toString(),
                        "start-dev",
                        "--http-host=" + host,
                        "--http-port=" + port,
                        "--import-realm"))
                .directory(home.toFile())
                .redirectErrorStream(true);
        if (log == null) {
            builder.inheritIO();
        } else {
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USERNAME);
        builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + builder.command(), e);
        }
        Demo demo = new Demo(process, "http://localhost:" + port);
        try {
            demo.awaitDemoRealm();
            new DemoSetup(demo.baseUrl, ADMIN_USERNAME, ADMIN_PASSWORD).apply();
        } catch (RuntimeException e) {
            demo.close();
            throw e;
        }
        return demo;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** The page README command 1 points at: the extension's Sessions page of the demo realm. */
    public String sessionsPageUrl() {
        return baseUrl + "/admin/master/console/#/" + DemoSetup.REALM + "/sessions";
    }

    private void awaitDemoRealm() {
        String url = baseUrl + "/realms/" + DemoSetup.REALM + "/.well-known/openid-configuration";
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!keycloak.isAlive()) {
                throw new IllegalStateException(
                        "Keycloak exited with " + keycloak.exitValue() + " before it was ready");
            }
            try {
                if (Http.get(url, null).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notListeningYet) {
                // keep waiting
            }
            try {
                keycloak.waitFor(500, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
        }
        throw new IllegalStateException(
                "Keycloak did not serve the demo realm within " + READY_TIMEOUT.toMinutes() + " min");
    }

    @Override
    public void close() {
        keycloak.destroy();
        try {
            if (!keycloak.waitFor(30, TimeUnit.SECONDS)) {
                keycloak.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            keycloak.destroyForcibly();
        }
    }

    /** README command 1: {@code Demo <keycloak home> [port] [host]}. */
    public static void main(String[] args) throws InterruptedException {
        Path home = Path.of(args[0]).toAbsolutePath().normalize();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        String host = args.length > 2 && !args[2].isBlank() ? args[2] : DEFAULT_HOST;
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalArgumentException("No Keycloak distribution at " + home);
        }
        Demo demo = start(home, host, port, null);
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close, "demo-stop"));
        System.out.printf(
                "%n  Session control demo is ready.%n"
                        + "  Sessions page: %s%n"
                        + "  Sign in as %s / %s (demo credentials). Ctrl+C stops Keycloak.%n%n",
                demo.sessionsPageUrl(), ADMIN_USERNAME, ADMIN_PASSWORD);
        demo.keycloak.waitFor();
    }
}
