package dev.sessioncontrol.it.demo;

import static dev.sessioncontrol.it.pages.AdminSessionsPage.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.pages.AccountSessionsPage;
import dev.sessioncontrol.it.pages.AdminSessionsPage;
import dev.sessioncontrol.it.support.WebBrowser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * README command 1 as a new user meets it: the demo's own launcher ({@link Demo}, what {@code ./mvnw -Pdemo}
 * runs) on a fresh copy of the distribution with only the extension's jar, then the URL and the credentials the
 * README gives, in a real browser. The README's screenshots come from here.
 */
class DemoFlowIT {

    private static Demo demo;
    private static Path home;

    @BeforeAll
    static void startTheDemo() throws Exception {
        Path source = Path.of(System.getProperty("keycloak.home"));
        home = Path.of("target/demo-flow").toAbsolutePath().resolve(source.getFileName());
        freshCopy(source, home);
        try (Stream<Path> jars = Files.list(home.resolve("providers"))) {
            for (Path jar : jars.filter(j -> !j.getFileName().toString().equals("keycloak-session-control.jar"))
                    .toList()) {
                Files.delete(jar); // command 1's providers/: the extension alone
            }
        }
        Path imports = Files.createDirectories(home.resolve("data/import"));
        Files.copy(
                Path.of("src/demo/demo-realm.json"),
                imports.resolve("demo-realm.json"),
                StandardCopyOption.REPLACE_EXISTING);
        demo = Demo.start(home, freePort(), home.getParent().resolve("demo.log"));
    }

    @AfterAll
    static void stopTheDemo() {
        if (demo != null) {
            demo.close();
        }
    }

    /** The demo's admin is admin / admin: nothing but this machine may reach it. */
    @Test
    void theDemoListensOnThisMachineOnly() throws IOException {
        int port = URI.create(demo.baseUrl()).getPort();
        String log = Files.readString(home.getParent().resolve("demo.log"));
        assertTrue(log.contains("Listening on: http://127.0.0.1:" + port), "Keycloak's own word on where it listens");
        List<InetAddress> others = NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .toList();
        for (InetAddress address : others) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 2000);
                throw new AssertionError("the demo answers on " + address.getHostAddress() + ":" + port);
            } catch (ConnectException | SocketTimeoutException refused) {
                // as it should be
            }
        }
    }

    @Test
    void readmeUrlAndCredentialsLeadToTheSessionsPageWithSeveralDeviceTypes() {
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            // README: "open http://localhost:8080/admin/master/console/#/demo/sessions, sign in as admin / admin".
            browser.open(demo.sessionsPageUrl());
            browser.signInIfAsked(Demo.ADMIN_USERNAME, Demo.ADMIN_PASSWORD);
            browser.byTestId("sc-sessions-page");
            List<WebElement> rows = new AdminSessionsPage(browser).awaitRows(r -> r.size() >= 5);
            Set<String> types =
                    rows.stream().map(r -> attr(r, "data-device-type")).collect(Collectors.toSet());
            assertTrue(types.containsAll(Set.of("Web", "Mobile", "Desktop")), "device types shown: " + types);
            assertTrue(
                    rows.stream().anyMatch(r -> "OFFLINE".equals(attr(r, "data-type"))),
                    "the demo's offline session is listed");
            Set<String> users = rows.stream().map(r -> attr(r, "data-username")).collect(Collectors.toSet());
            assertEquals(Set.of("alice", "bob"), users);
            browser.screenshot("readme-admin-sessions");

            // README: alice / alice on the demo realm's account console, its Sessions page.
            AccountSessionsPage.open(browser, demo.baseUrl() + "/realms/demo", "alice", "alice")
                    .awaitItems(items -> items.size() >= 3);
            browser.awaitVisible(By.cssSelector("[data-testid='sc-account-session'][data-current='true']"));
            browser.screenshot("readme-account-sessions");
        }
    }

    private static void freshCopy(Path from, Path to) throws IOException, InterruptedException {
        if (Files.exists(to)) {
            run("rm", "-rf", to.toString());
        }
        Files.createDirectories(to.getParent());
        run("cp", "-a", from.toString(), to.toString());
        run("rm", "-rf", to.resolve("data").toString());
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
