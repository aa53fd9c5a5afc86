package ai.kubernaut.e2e.components.datastorage;

import ai.kubernaut.e2e.components.ComponentContext;
import ai.kubernaut.e2e.components.Workloads;
import io.fabric8.kubernetes.api.model.Service;

public final class DataStorageService {
  private DataStorageService() {}

  public static Service desired(ComponentContext ctx) {
    return Workloads.service(ctx, DataStorageComponent.ID, ctx.name("datastorage"), "http",
        DataStorageComponent.PORT);
  }
}
