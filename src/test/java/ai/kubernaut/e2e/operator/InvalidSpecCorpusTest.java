package ai.kubernaut.e2e.operator;

import static ai.kubernaut.e2e.operator.OperatorTestSupport.await;
import static ai.kubernaut.e2e.operator.OperatorTestSupport.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.kubernaut.e2e.api.v1alpha1.E2EEnvironment;
import ai.kubernaut.e2e.components.Labels;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, tried on purpose: every file of {@code src/test/resources/invalid-specs} is one invalid E2EEnvironment
 * with its expected outcome in a header comment:
 *
 * <ul>
 *   <li>{@code # expect: admission <text>}: the API server rejects the create (422, or 400 for a strict-decoding
 *       error) and its message contains {@code <text>} (schema or CEL);
 *   <li>{@code # expect: InvalidSpec <text>}: only the operator can know; the object is accepted and gets
 *       {@code Ready=False}/{@code Stalled=True} with reason {@code InvalidSpec} and a message containing
 *       {@code <text>}, for the current generation; it creates nothing, and deleting it completes;
 *   <li>{@code # precreate-namespace: <name>}: a namespace, unlabeled (i.e. someone else's), created before and
 *       deleted after the case; the case must leave it untouched;
 *   <li>{@code # field-validation: Strict}: created with {@code fieldValidation=Strict} (what
 *       {@code kubectl apply --validate=strict} sends); without it the API server silently prunes unknown fields.
 * </ul>
 *
 * Each case runs in a namespace of its own. The objects are sent as read (GenericKubernetesResource), so wrong types
 * reach the API server unchanged. What each case produced is written to
 * {@code target/invalid-spec-corpus.md}.
 */
@QuarkusTest
@Tag("cluster")
class InvalidSpecCorpusTest extends OperatorClusterTest {
  static final Path CORPUS = Path.of("src", "test", "resources", "invalid-specs");
  static final Path REPORT = Path.of("target", "invalid-spec-corpus.md");
  /** How long "nothing was created" must keep holding after the InvalidSpec condition appeared. */
  static final Duration NOTHING_CREATED_WINDOW = Duration.ofSeconds(3);
  static final ResourceDefinitionContext E2EENV = new ResourceDefinitionContext.Builder()
      .withGroup(E2EEnvironment.GROUP).withVersion(E2EEnvironment.VERSION).withKind("E2EEnvironment")
      .withPlural("e2eenvironments").withNamespaced(true).build();
  /** Kinds the operator creates, looked up cluster-wide by the environment's uid label. */
  static final List<Class<? extends HasMetadata>> CREATED_KINDS = List.of(
      io.fabric8.kubernetes.api.model.apps.Deployment.class,
      io.fabric8.kubernetes.api.model.apps.StatefulSet.class,
      io.fabric8.kubernetes.api.model.batch.v1.Job.class,
      io.fabric8.kubernetes.api.model.Service.class,
      io.fabric8.kubernetes.api.model.ConfigMap.class,
      io.fabric8.kubernetes.api.model.Secret.class,
      io.fabric8.kubernetes.api.model.ServiceAccount.class,
      io.fabric8.kubernetes.api.model.Namespace.class,
      io.fabric8.kubernetes.api.model.rbac.ClusterRole.class,
      io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class,
      io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class);
  private static final Pattern HEADER = Pattern.compile("^#\\s*([a-z-]+):\\s*(.*?)\\s*$");
  private static final Map<String, String> RESULTS = new TreeMap<>();

  /** One corpus file: its expectation and the object's text. */
  record Case(String file, String description, boolean admission, String expected, String precreateNamespace,
      boolean strict, String yaml) {

    static Case read(Path path) {
      String text;
      try {
        text = Files.readString(path);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Map<String, String> header = new LinkedHashMap<>();
      StringBuilder description = new StringBuilder();
      for (String line : text.split("\n")) {
        if (!line.startsWith("#")) {
          break;
        }
        Matcher m = HEADER.matcher(line);
        if (m.matches() && Set.of("expect", "precreate-namespace", "field-validation").contains(m.group(1))) {
          header.put(m.group(1), m.group(2));
        } else if (header.isEmpty()) {
          description.append(description.length() == 0 ? "" : " ").append(line.substring(1).trim());
        }
      }
      String expect = header.get("expect");
      assertThat(expect).as(path + ": header '# expect: admission|InvalidSpec <message>'").isNotNull()
          .matches("(admission|InvalidSpec) .+");
      String[] kindAndText = expect.split(" ", 2);
      return new Case(path.getFileName().toString(), description.toString(), kindAndText[0].equals("admission"),
          kindAndText[1], header.get("precreate-namespace"), "Strict".equals(header.get("field-validation")), text);
    }
  }

  static Stream<Arguments> corpus() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      List<Path> sorted = files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
      assertThat(sorted).as("the corpus in " + CORPUS).hasSizeGreaterThanOrEqualTo(25);
      return sorted.stream().map(p -> Arguments.of(Named.of(p.getFileName().toString(), p)));
    }
  }

  @AfterAll
  static void writeReport() throws IOException {
    if (RESULTS.isEmpty()) {
      return;
    }
    Files.createDirectories(REPORT.getParent());
    String table = "| file | case | produced |\n|---|---|---|\n" + String.join("\n", RESULTS.values()) + "\n";
    Files.writeString(REPORT, table);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void invalidSpecIsRejectedOrReportedAndCreatesNothing(Path file) {
    Case c = Case.read(file);
    String ns = namespace("corpus-" + c.file().substring(0, 2));
    Namespace foreign = c.precreateNamespace() == null ? null : precreate(c.precreateNamespace());
    GenericKubernetesResource object = client.getKubernetesSerialization().unmarshal(c.yaml(),
        GenericKubernetesResource.class);
    object.getMetadata().setNamespace(ns);
    String name = object.getMetadata().getName();

    if (c.admission()) {
      KubernetesClientException rejected = catchThrowableOfType(KubernetesClientException.class,
          () -> create(ns, object, c.strict()));
      if (rejected == null) {
        RESULTS.put(c.file(), row(c, "ACCEPTED (expected a rejection)"));
      }
      assertThat(rejected).as(c.file() + " must be rejected at admission (" + c.expected() + ")").isNotNull();
      String message = apiMessage(rejected);
      RESULTS.put(c.file(), row(c, "admission " + rejected.getCode() + ": " + message));
      assertThat(rejected.getCode()).as(message).isIn(400, 422);
      assertThat(message).contains(c.expected());
      assertThat(client.genericKubernetesResources(E2EENV).inNamespace(ns).withName(name).get())
          .as("nothing was stored").isNull();
    } else {
      GenericKubernetesResource created = create(ns, object, c.strict());
      String uid = created.getMetadata().getUid();
      Condition ready = awaitCondition(client, ns, name, "Ready", "False", "InvalidSpec");
      RESULTS.put(c.file(), row(c, "InvalidSpec: " + ready.getMessage()));
      assertThat(ready.getMessage()).contains(c.expected());
      Condition stalled = awaitCondition(client, ns, name, "Stalled", "True", "InvalidSpec");
      assertThat(stalled.getMessage()).contains(c.expected());
      E2EEnvironment env = OperatorTestSupport.get(client, ns, name);
      assertThat(env.getStatus().observedGeneration).isEqualTo(env.getMetadata().getGeneration());

      Awaitility.await(c.file() + ": nothing created for environment " + uid)
          .during(NOTHING_CREATED_WINDOW).atMost(NOTHING_CREATED_WINDOW.plusSeconds(10))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> createdFor(uid, ns), List::isEmpty);

      client.resources(E2EEnvironment.class).inNamespace(ns).withName(name).delete();
      await(c.file() + ": deletion completes (finalizer)").until(() -> OperatorTestSupport.get(client, ns, name)
          == null);
      assertThat(createdFor(uid, ns)).isEmpty();
    }
    if (foreign != null) {
      Namespace after = client.namespaces().withName(foreign.getMetadata().getName()).get();
      assertThat(after).as("someone else's namespace survives").isNotNull();
      assertThat(after.getMetadata().getDeletionTimestamp()).isNull();
      assertThat(after.getMetadata().getUid()).isEqualTo(foreign.getMetadata().getUid());
      assertThat(after.getMetadata().getLabels()).isEqualTo(foreign.getMetadata().getLabels());
      assertThat(after.getMetadata().getOwnerReferences()).isNullOrEmpty();
    }
  }

  private GenericKubernetesResource create(String ns, GenericKubernetesResource object, boolean strict) {
    Resource<GenericKubernetesResource> resource = client.genericKubernetesResources(E2EENV).inNamespace(ns)
        .resource(object);
    return strict ? resource.fieldValidation(FieldValidateable.Validation.STRICT).create() : resource.create();
  }

  /** A namespace as a user would have made it: no labels of ours. Deleted after the case. */
  private Namespace precreate(String name) {
    // A previous run's namespace may still be terminating.
    await("namespace " + name + " from an earlier run gone").until(() -> client.namespaces().withName(name).get()
        == null);
    Namespace ns = client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .endMetadata().build()).create();
    deleteAfterwards(name);
    return ns;
  }

  /**
   * What exists for this environment: objects of the kinds the operator creates carrying its uid label (any
   * namespace, and cluster-scoped), and anything in its namespace beyond what Kubernetes itself puts there.
   */
  private List<String> createdFor(String uid, String ns) {
    List<String> found = new ArrayList<>();
    for (Class<? extends HasMetadata> kind : CREATED_KINDS) {
      client.resources(kind).inAnyNamespace().withLabel(Labels.ENVIRONMENT_UID, uid).list().getItems()
          .forEach(o -> found.add(kind.getSimpleName() + " " + o.getMetadata().getNamespace() + "/"
              + o.getMetadata().getName()));
    }
    client.configMaps().inNamespace(ns).list().getItems().stream()
        .filter(o -> !o.getMetadata().getName().equals("kube-root-ca.crt"))
        .forEach(o -> found.add("ConfigMap " + ns + "/" + o.getMetadata().getName()));
    client.serviceAccounts().inNamespace(ns).list().getItems().stream()
        .filter(o -> !o.getMetadata().getName().equals("default"))
        .forEach(o -> found.add("ServiceAccount " + ns + "/" + o.getMetadata().getName()));
    client.secrets().inNamespace(ns).list().getItems()
        .forEach(o -> found.add("Secret " + ns + "/" + o.getMetadata().getName()));
    client.apps().deployments().inNamespace(ns).list().getItems()
        .forEach(o -> found.add("Deployment " + ns + "/" + o.getMetadata().getName()));
    client.batch().v1().jobs().inNamespace(ns).list().getItems()
        .forEach(o -> found.add("Job " + ns + "/" + o.getMetadata().getName()));
    client.services().inNamespace(ns).list().getItems()
        .forEach(o -> found.add("Service " + ns + "/" + o.getMetadata().getName()));
    client.pods().inNamespace(ns).list().getItems()
        .forEach(o -> found.add("Pod " + ns + "/" + o.getMetadata().getName()));
    return found;
  }

  /** The API server's message as kubectl shows it: the status message and every cause as "field: message". */
  static String apiMessage(KubernetesClientException e) {
    Status status = e.getStatus();
    if (status == null) {
      return String.valueOf(e.getMessage());
    }
    List<String> parts = new ArrayList<>();
    parts.add(status.getMessage());
    if (status.getDetails() != null && status.getDetails().getCauses() != null) {
      for (StatusCause cause : status.getDetails().getCauses()) {
        parts.add((cause.getField() == null ? "<nil>" : cause.getField()) + ": " + cause.getMessage());
      }
    }
    return parts.stream().distinct().collect(Collectors.joining(" | "));
  }

  private static String row(Case c, String produced) {
    String shortened = produced.length() > 600 ? produced.substring(0, 600) + "..." : produced;
    return "| `" + c.file() + "` | " + c.description().replace("|", "\\|") + " | "
        + shortened.replace("|", "\\|").replace("\n", " ") + " |";
  }
}
