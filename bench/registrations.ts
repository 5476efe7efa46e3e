import * as pulumi from "@pulumi/pulumi";
import { captureRegistrations } from "../harness/capture";
import * as resources from "../providers";
import { declareResource } from "../test/fixtures/declare";
import { FIXTURES } from "../test/fixtures";

/** Bytes of each resource type's serialised `__provider`, and the time to register `count` resources under setMocks. */
export async function measureRegistrations(count = 500): Promise<{ sizes: Record<string, number>; count: number; registerMs: number }> {
  const samples: [string, () => void][] = FIXTURES.map((f) => [f.type, () => declareResource(f)]);
  const sizes: Record<string, number> = {};
  for (const [name, build] of samples) {
    const [registration] = await captureRegistrations(pulumi, build);
    sizes[name] = Buffer.byteLength(registration.providerText ?? "");
  }
  const started = Date.now();
  const made = await captureRegistrations(pulumi, () => {
    for (let i = 0; i < count; i++) new resources.SppHypervisor(`h${i}`, { hostAddress: `h${i}.example`, type: "vmware", identityUserHref: "https://spp/api/identity/user/1" });
  });
  const registerMs = Date.now() - started;
  if (made.length !== count) throw new Error(`registered ${made.length} of ${count}`);
  return { sizes, count, registerMs };
}
