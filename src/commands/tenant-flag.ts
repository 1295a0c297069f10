import type { Store, Tenant } from "../store/index.js";
import { UsageError } from "./io.js";

export function requireTenant(store: Store, slug: string | undefined): Tenant {
  if (!slug) throw new UsageError("--tenant SLUG est requis");
  const tenant = store.tenants.getBySlug(slug);
  if (!tenant) {
    const known = store.tenants.list().map((t) => t.slug);
    throw new UsageError(
      `tenant inconnu « ${slug} » (tenants : ${known.join(", ") || "aucun, lancez max seed --demo"})`,
    );
  }
  return tenant;
}
