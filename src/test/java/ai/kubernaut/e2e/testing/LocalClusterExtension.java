package ai.kubernaut.e2e.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/** The extension behind {@link WithLocalCluster}. */
public class LocalClusterExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {

    private static final ExtensionContext.Namespace STORE =
            ExtensionContext.Namespace.create(LocalClusterExtension.class);
    private static final String CLIENT = "client";
    private static final String NAMESPACE = "namespace";

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        KubernetesClient client = client(context);
        for (Field field : fields(context.getRequiredTestClass())) {
            if (Modifier.isStatic(field.getModifiers())) {
                inject(field, null, client, null);
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        KubernetesClient client = client(context);
        String namespace = namespace(context);
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : fields(instance.getClass())) {
                if (!Modifier.isStatic(field.getModifiers())) {
                    inject(field, instance, client, namespace);
                }
            }
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        String namespace = context.getStore(STORE).get(NAMESPACE, String.class);
        if (namespace != null && !"1".equals(System.getenv("E2E_KEEP_NAMESPACES"))) {
            TestNamespaces.delete(client(context), namespace);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KubernetesClient.class || type == LocalCluster.class
                || (type == String.class && parameter.isAnnotated(TestNamespace.class)
                && context.getTestMethod().isPresent());
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (type == KubernetesClient.class) {
            return client(context);
        }
        if (type == LocalCluster.class) {
            return LocalCluster.get();
        }
        if (type == String.class) {
            return namespace(context);
        }
        throw new ParameterResolutionException("unsupported parameter " + parameter.getParameter());
    }

    /** One client per test class (stored with the class context, closed when the class is done). */
    private static KubernetesClient client(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext.getStore(STORE)
                .getOrComputeIfAbsent(CLIENT, k -> new ClosableClient(LocalCluster.get().newClient()),
                        ClosableClient.class)
                .client;
    }

    /** The namespace of the current test method, created on first request. */
    private static String namespace(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ExtensionConfigurationException("a @TestNamespace is only available within a test method");
        }
        return context.getStore(STORE).getOrComputeIfAbsent(NAMESPACE,
                k -> TestNamespaces.create(client(context), prefix(context)), String.class);
    }

    private static String prefix(ExtensionContext context) {
        String method = context.getRequiredTestMethod().getName();
        String cls = context.getRequiredTestClass().getSimpleName();
        String prefix = cls.replaceAll("(Self)?Tests?$", "") + "-" + method;
        return prefix.replaceAll("([a-z0-9])([A-Z])", "$1-$2");
    }

    private static void inject(Field field, Object target, KubernetesClient client, String namespace)
            throws IllegalAccessException {
        Object value;
        if (field.getType() == KubernetesClient.class) {
            value = client;
        } else if (field.getType() == LocalCluster.class) {
            value = LocalCluster.get();
        } else if (field.isAnnotationPresent(TestNamespace.class)) {
            if (field.getType() != String.class) {
                throw new ExtensionConfigurationException("@TestNamespace field " + field + " must be a String");
            }
            if (namespace == null) {
                throw new ExtensionConfigurationException("@TestNamespace field " + field + " must not be static");
            }
            value = namespace;
        } else {
            return;
        }
        field.setAccessible(true);
        field.set(target, value);
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                fields.add(field);
            }
        }
        return fields;
    }

    // AutoCloseable for JUnit >= 5.13 (which deprecates CloseableResource), CloseableResource for older ones.
    private static final class ClosableClient implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final KubernetesClient client;

        ClosableClient(KubernetesClient client) {
            this.client = client;
        }

        @Override
        public void close() {
            client.close();
        }
    }
}
