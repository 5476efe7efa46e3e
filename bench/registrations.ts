import * as pulumi from "@pulumi/pulumi";
import { captureRegistrations } from "../harness/capture";
import * as resources from "../providers";

/** Bytes of each resource type's serialised `__provider`, and the time to register `count` resources under setMocks. */
export async function measureRegistrations(count = 500): Promise<{ sizes: Record<string, number>; count: number; registerMs: number }> {
  const samples: [string, () => void][] = [
    ["SppHypervisor", () => new resources.SppHypervisor("s", { hostAddress: "h", type: "vmware", identityUserHref: "https://spp/api/identity/user/1" })],
    ["VspcCompany", () => new resources.VspcCompany("s", { organization: { name: "n" }, ownerUserName: "o", ownerPassword: "Passw0rd-123" })],
    ["VspcApiKey", () => new resources.VspcApiKey("s", { userUid: "u", scopes: ["rest"] })],
    ["SdpServer", () => new resources.SdpServer("s", { name: "n", adminPass: "Passw0rd-123", imageRef: "i", flavorRef: "f", networks: [] })],
    ["SdpLicense", () => new resources.SdpLicense("s", { licenseType: "t" })],
    ["SdpVcenter", () => new resources.SdpVcenter("s", { password: "Passw0rd-123", licenseId: "l" })],
    ["SdpVsphereContract", () => new resources.SdpVsphereContract("s", { contractYear: 1, cores: 8 })],
    ["ScpBackupProxyImage", () => new resources.ScpBackupProxyImage("s", { sourceVmId: "v", name: "n", ownerId: "o" })],
    ["ScpBackupProxyVm", () => new resources.ScpBackupProxyVm("s", { imageId: "i", name: "n", azId: "a", storageTagId: "t", cores: 1, memoryMb: 1, networks: [] })],
  ];
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
