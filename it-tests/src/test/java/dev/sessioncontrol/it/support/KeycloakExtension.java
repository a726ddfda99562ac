package dev.sessioncontrol.it.support;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstancePostProcessor;

/**
 * Starts the run's servers ({@link KeycloakCluster}: stopped when JUnit closes the root store at the end of the
 * run) and gives each test class a fresh {@link TestRealm} (deleted when the class is done). Nested classes share
 * their outer class's realm. Injects them into {@link AbstractKeycloakIT} and into parameters of those types
 * ({@link KeycloakServer} is the first node).
 */
public final class KeycloakExtension implements BeforeAllCallback, TestInstancePostProcessor, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        realm(context);
    }

    @Override
    public void postProcessTestInstance(Object testInstance, ExtensionContext context) {
        if (testInstance instanceof AbstractKeycloakIT test) {
            test.bind(cluster(context), realm(context));
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        return type == TestRealm.class || type == KeycloakServer.class || type == KeycloakCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Class<?> type = parameterContext.getParameter().getType();
        if (type == TestRealm.class) {
            return realm(extensionContext);
        }
        return type == KeycloakCluster.class ? cluster(extensionContext) : server(extensionContext);
    }

    /** The run's servers, in the root store so JUnit closes (stops) them once, after the last test class. */
    public static KeycloakCluster cluster(ExtensionContext context) {
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(KeycloakCluster.class, key -> KeycloakCluster.shared(), KeycloakCluster.class);
    }

    /** The node tests talk to: the first node of the run. */
    public static KeycloakServer server(ExtensionContext context) {
        return cluster(context).primary();
    }

    /** The realm of the test class in {@code context}; store lookups reach outer classes, so @Nested reuse it. */
    public static TestRealm realm(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        KeycloakServer server = server(context);
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        RealmHandle.class,
                        key -> new RealmHandle(
                                TestRealm.create(server, realmName(classContext.getRequiredTestClass()))),
                        RealmHandle.class)
                .realm();
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** e.g. "harnesssmokeit-3fa9c1": readable in the server log, unique across classes and runs. */
    static String realmName(Class<?> testClass) {
        String base = testClass.getSimpleName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        return base + "-" + String.format("%06x", ThreadLocalRandom.current().nextInt(0x1000000));
    }

    /** Deletes the realm when JUnit closes the class's store. */
    private record RealmHandle(TestRealm realm) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            realm.close();
        }
    }
}
