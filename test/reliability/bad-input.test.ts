import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { setStackConfig } from "../../providers/core/config";
import { provider as sppHypervisor } from "../../providers/spp/hypervisor.provider";
import { provider as vspcCompany } from "../../providers/vspc/company.provider";
import { provider as vspcApiKey } from "../../providers/vspc/api-key.provider";
import { provider as sdpServer } from "../../providers/sdp/server.provider";
import { provider as sdpLicense } from "../../providers/sdp/license.provider";
import { provider as sdpVcenter } from "../../providers/sdp/vcenter.provider";
import { provider as sdpContract } from "../../providers/sdp/vsphere-contract.provider";
import { provider as scpImage } from "../../providers/scp/image.provider";
import { provider as scpVm } from "../../providers/scp/vm.provider";

import { HttpTransport } from "../../providers/core/transport";

const VALID: [string, { check?: (olds: Record<string, unknown>, news: Record<string, unknown>) => Promise<{ failures?: { property: string; reason: string }[] }> }, Record<string, unknown>][] = [
  ["SppHypervisor", sppHypervisor, { hostAddress: "vc.example", type: "vmware", username: "u", password: "Passw0rd!" }],
  ["VspcCompany", vspcCompany, { organization: { name: "Acme", email: "a@acme.example" }, ownerUserName: "o", ownerPassword: "Passw0rd-123", companyServices: { remoteServices: { backupAgentsManagement: { serverAgentsQuota: 1 } } } }],
  ["VspcApiKey", vspcApiKey, { userUid: "0b2d5b0e-1111-4a8f-9d6e-000000000000", scopes: ["rest"], isReadAccessOnly: true }],
  ["SdpServer", sdpServer, { name: "esx", adminPass: "Passw0rd-123", imageRef: "i", flavorRef: "f", networks: [{ uuid: "a", segmentationId: 10 }, { uuid: "b" }] }],
  ["SdpLicense", sdpLicense, { licenseType: "vCenter Server 5.5 Standard" }],
  ["SdpVcenter", sdpVcenter, { linkLocalAddress: "169.254.1.2", password: "Passw0rd-123", licenseId: "l" }],
  ["SdpVsphereContract", sdpContract, { contractYear: 1, cores: 16 }],
  ["ScpBackupProxyImage", scpImage, { sourceVmId: "vm", name: "img", ownerId: "admin" }],
  ["ScpBackupProxyVm", scpVm, { imageId: "i", name: "vm", azId: "az", storageTagId: "t", cores: 2, memoryMb: 2048, networks: [{ vpcId: "v", subnetId: "s" }] }],
];

/** A value of the wrong kind for `current`: never valid where `current` was. */
function wrongKind(current: unknown): fc.Arbitrary<unknown> {
  if (typeof current === "string") return fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));
  if (typeof current === "number") return fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.constant(-1_000_000), fc.constant(0.5));
  if (typeof current === "boolean") return fc.oneof(fc.string(), fc.integer(), fc.constant(null));
  if (Array.isArray(current)) return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([]));
  return fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant([1, 2]));
}

/** Paths (arrays of keys) to every leaf and object of a valid input. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const own = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return [...own, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(root);
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return copy;
}

const valueAt = (root: unknown, path: (string | number)[]): unknown => path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], root);

let sends: ReturnType<typeof vi.spyOn>;

beforeAll(() => {
  setStackConfig({
    get: (k) =>
      ({
        "spp:url": "https://127.0.0.1:9",
        "spp:username": "u",
        "spp:password": "pw-pw-pw",
        "vspc:url": "https://127.0.0.1:9",
        "vspc:apiKey": "key-key-key-key",
        "sdp:authUrl": "https://127.0.0.1:9/v3",
        "sdp:username": "u",
        "sdp:password": "pw-pw-pw",
        "sdp:tenantId": "t",
        "scp:url": "https://127.0.0.1:9",
        "scp:username": "u",
        "scp:password": "pw-pw-pw",
      })[k],
  });
  sends = vi.spyOn(HttpTransport.prototype, "send");
});
afterAll(() => {
  sends.mockRestore();
  setStackConfig(undefined);
});

describe("bad input, generated", () => {
  it.each(VALID)("%s: 1000 invalid inputs are check failures naming a property, never a throw", async (_name, provider, valid) => {
    expect((await provider.check!({}, valid)).failures ?? []).toEqual([]);
    const candidates = paths(valid);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...candidates).chain((path) => wrongKind(valueAt(valid, path)).map((bad) => ({ path, bad }))),
        async ({ path, bad }) => {
          const news = setAt(valid, path, bad);
          const result = await provider.check!({}, news);
          const failures = result.failures ?? [];
          expect(failures.length, `${path.join(".")} = ${JSON.stringify(bad)}`).toBeGreaterThan(0);
          for (const f of failures) {
            expect(f.property.length).toBeGreaterThan(0);
            expect(f.reason.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 1000 },
    );
    expect(sends).not.toHaveBeenCalled();
  });
});
