package ai.kubernaut.e2e.components;

import ai.kubernaut.e2e.api.v1alpha1.ManifestSource;
import ai.kubernaut.e2e.readiness.Readiness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Turns a {@link ManifestSource} into objects. ConfigMaps come from the informer cache, so editing one triggers a
 * reconciliation. URLs are downloaded in the background, once per operator process (release manifests do not
 * change under a fixed URL): a reconciliation never waits on the network (a slow or black-holed URL would hold a
 * reconciler thread for up to 70 s, and with many environments all of them); the component waits with reason
 * FetchingSource, and the environments that asked are woken up when the download ends. A failed download is
 * reported (ManifestFetchFailed) and tried again after {@link #RETRY_AFTER}.
 */
public class ManifestLoader {
  static final Duration RETRY_AFTER = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Map<String, Download> downloads = new ConcurrentHashMap<>();
  private final Map<String, Boolean> scopes = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "manifest-download-retry");
    t.setDaemon(true);
    return t;
  });
  private volatile Consumer<Set<String>> wake = keys -> { };

  public ManifestLoader(KubernetesClient client) {
    this.client = client;
  }

  /** Who to tell, by "namespace/name" of the environments waiting, that a download has ended. */
  public void onDownloadEnded(Consumer<Set<String>> listener) {
    this.wake = listener;
  }

  /** One download of one URL, and the environments waiting for it. */
  private static final class Download {
    final CompletableFuture<String> body;
    final Instant started;
    final Set<String> waiting = ConcurrentHashMap.newKeySet();
    volatile Instant failedAt;

    Download(CompletableFuture<String> body, Instant started) {
      this.body = body;
      this.started = started;
    }

    boolean retryable(Instant now) {
      return failedAt != null && !now.isBefore(failedAt.plus(RETRY_AFTER));
    }
  }

  /** The source's YAML documents, by document; throws NotReadyException when the source is not there yet. */
  public String text(ManifestSource source, ComponentContext ctx, String what) {
    String namespace = ctx.namespace();
    if (source.inline != null) {
      return source.inline;
    }
    if (source.configMap != null) {
      ConfigMap cm = ctx.observed().get(ConfigMap.class, namespace, source.configMap.name).orElseThrow(() ->
          new Component.NotReadyException(Readiness.progressing("WaitingForSource",
              what + " waits for ConfigMap " + namespace + "/" + source.configMap.name + ", which does not exist")));
      Map<String, String> data = new TreeMap<>(cm.getData() == null ? Map.of() : cm.getData());
      if (source.configMap.key != null) {
        String doc = data.get(source.configMap.key);
        if (doc == null) {
          throw new Component.NotReadyException(Readiness.failed("InvalidSource", "ConfigMap " + namespace + "/"
              + source.configMap.name + " has no key " + source.configMap.key + " (keys: " + data.keySet() + ")"));
        }
        return doc;
      }
      return String.join("\n---\n", data.values());
    }
    return downloaded(source.url, namespace + "/" + ctx.env().getMetadata().getName(), what);
  }

  private String downloaded(String url, String waiter, String what) {
    Instant now = Instant.now();
    Download d = downloads.compute(url, (u, old) -> old == null || old.retryable(now) ? start(u) : old);
    d.waiting.add(waiter);
    if (!d.body.isDone()) {
      throw new Component.NotReadyException(Readiness.progressing("FetchingSource", what + " waits for GET " + url
          + " (started " + Duration.between(d.started, now).toSeconds() + "s ago)"));
    }
    try {
      String body = d.body.join();
      d.waiting.remove(waiter);
      return body;
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new Component.NotReadyException(Readiness.progressing("ManifestFetchFailed", what + ": GET " + url
          + " failed: " + (cause instanceof DownloadFailed ? cause.getMessage() : cause.toString())
          + "; trying again " + RETRY_AFTER.toSeconds() + "s after the failure; on a cluster without internet "
          + "access use source.configMap"));
    }
  }

  private static final class DownloadFailed extends RuntimeException {
    DownloadFailed(String message) {
      super(message);
    }
  }

  private Download start(String url) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build();
    } catch (IllegalArgumentException e) {
      Download d = new Download(CompletableFuture.failedFuture(new DownloadFailed("not a usable URL: "
          + e.getMessage())), Instant.now());
      d.failedAt = d.started;
      return d;
    }
    CompletableFuture<String> body = http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .thenApply(response -> {
          if (response.statusCode() / 100 != 2) {
            throw new DownloadFailed("answered HTTP " + response.statusCode());
          }
          return response.body();
        });
    Download d = new Download(body, Instant.now());
    body.whenComplete((text, error) -> {
      if (error == null) {
        wakeWaiting(d);
        d.waiting.clear(); // from now on every reconciliation finds the body at once
        return;
      }
      d.failedAt = Instant.now();
      wakeWaiting(d); // to report the failure
      retries.schedule(() -> wakeWaiting(d), RETRY_AFTER.toMillis(), TimeUnit.MILLISECONDS);
    });
    return d;
  }

  private void wakeWaiting(Download d) {
    Set<String> keys = Set.copyOf(d.waiting);
    if (!keys.isEmpty()) {
      wake.accept(keys);
    }
  }

  /**
   * Whether an object is namespaced: typed kinds say so themselves; for others a CRD in the same set or API
   * discovery (cached per kind) tells. Unknown kinds are assumed namespaced, the common case.
   */
  public boolean isNamespaced(HasMetadata o, List<HasMetadata> sameSet) {
    if (!(o instanceof GenericKubernetesResource)) {
      return o instanceof Namespaced;
    }
    String group = o.getApiVersion().contains("/") ? o.getApiVersion().substring(0, o.getApiVersion().indexOf('/'))
        : "";
    for (HasMetadata x : sameSet) {
      if (x instanceof CustomResourceDefinition crd && crd.getSpec() != null
          && group.equals(crd.getSpec().getGroup()) && o.getKind().equals(crd.getSpec().getNames().getKind())) {
        return "Namespaced".equals(crd.getSpec().getScope());
      }
    }
    return scopes.computeIfAbsent(o.getApiVersion() + "/" + o.getKind(), k -> {
      try {
        var list = client.getApiResources(o.getApiVersion());
        if (list != null) {
          for (var r : list.getResources()) {
            if (o.getKind().equals(r.getKind()) && !r.getName().contains("/")) {
              return r.getNamespaced();
            }
          }
        }
      } catch (RuntimeException e) {
        // Not served (yet): fall through to the default.
      }
      return true;
    });
  }

  /** Parses multi-document YAML into typed objects where the kind is known, generic ones otherwise. */
  public List<HasMetadata> parse(String yaml, String what) {
    try {
      List<HasMetadata> items = client.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).items();
      List<HasMetadata> result = new ArrayList<>();
      for (HasMetadata item : items) {
        if (item == null) {
          continue;
        }
        if (item.getMetadata() == null || item.getMetadata().getName() == null || item.getKind() == null) {
          throw new Component.NotReadyException(Readiness.failed("InvalidSource",
              what + ": a document has no kind or metadata.name"));
        }
        result.add(item);
      }
      return result;
    } catch (Component.NotReadyException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new Component.NotReadyException(Readiness.failed("InvalidSource",
          what + ": the manifest is not valid Kubernetes YAML: " + Objects.toString(e.getMessage(), e.toString())));
    }
  }
}
