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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a {@link ManifestSource} into objects. URLs are fetched once per operator process (release manifests do not
 * change under a fixed URL); ConfigMaps come from the informer cache, so editing one triggers a reconciliation.
 */
public class ManifestLoader {
  private final KubernetesClient client;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NORMAL).build();
  private final Map<String, String> urlCache = new ConcurrentHashMap<>();
  private final Map<String, Boolean> scopes = new ConcurrentHashMap<>();

  public ManifestLoader(KubernetesClient client) {
    this.client = client;
  }

  /** The source's YAML documents, by document; throws NotReadyException when the source is not there yet. */
  public String text(ManifestSource source, String namespace, ObservedState observed, String what) {
    if (source.inline != null) {
      return source.inline;
    }
    if (source.configMap != null) {
      ConfigMap cm = observed.get(ConfigMap.class, namespace, source.configMap.name).orElseThrow(() ->
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
    return urlCache.computeIfAbsent(source.url, u -> fetch(u, what));
  }

  private String fetch(String url, String what) {
    try {
      var response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() / 100 != 2) {
        throw new Component.NotReadyException(Readiness.progressing("ManifestFetchFailed",
            what + ": GET " + url + " answered HTTP " + response.statusCode()
                + "; on a cluster without internet access use source.configMap"));
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Component.NotReadyException(Readiness.progressing("ManifestFetchFailed", what + ": interrupted"));
    } catch (java.io.IOException e) {
      throw new Component.NotReadyException(Readiness.progressing("ManifestFetchFailed",
          what + ": GET " + url + " failed: " + e + "; on a cluster without internet access use source.configMap"));
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
