import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../emulators";
import { HEARTBEAT_ENV } from "../../providers/core/heartbeat";
import { COMMAND_MS, UserProject } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * A VMA upload and a fleet over three resource pools through the real Pulumi CLI: the upload's
 * heartbeat and its retry in `pulumi up`, what the engine records, the fleet's uploads one at a
 * time (maxParallelUploads 1), refresh and destroy.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { BackupProxyFleet, ScpVmaImage } from "pulumi-backup-infra";

const config = new pulumi.Config();
const image = new ScpVmaImage("golden", { vmaPath: config.require("vmaPath"), sha256: config.require("sha256"), name: "cli-upload", azId: "az-2", ownerId: "admin" });
const fleet = new BackupProxyFleet("fleet", {
  sourceVmId: config.require("sourceVmId"),
  imageName: "cli-fleet",
  ownerId: "admin",
  vmNamePrefix: "cli-proxy",
  sourceAzId: "az-1",
  pools: [{ azId: "az-1", count: 1 }, { azId: "az-2", count: 0 }, { azId: "az-3", count: 1 }],
  maxParallelUploads: 1,
  storageTagId: "tag-ssd",
  networks: [{ vpcId: "vpc-backup", subnetId: "subnet-backup" }],
});
export const attempts = image.uploadAttempts;
export const verified = image.verified;
export const uploadedBytes = image.uploadedBytes;
export const pools = fleet.pools;
`;

const MIB = 1024 * 1024;
const BYTES = 48 * MIB;
let emulators: AllEmulators;
let project: UserProject;
let sha256 = "";

beforeAll(async () => {
  emulators = await startAllEmulators({ tls: true });
  project = await UserProject.create({ name: "vma-upload", files: { "index.ts": PROGRAM } });
  const data = Buffer.alloc(BYTES);
  for (let i = 0; i + 4 <= BYTES; i += 4) data.writeUInt32LE((i * 2654435761) >>> 0, i);
  writeFileSync(join(project.dir, "golden.vma"), data);
  sha256 = createHash("sha256").update(data).digest("hex");
}, COMMAND_MS);
afterAll(async () => {
  await project?.close();
  await emulators?.close();
}, COMMAND_MS);

describe("ScpVmaImage and a BackupProxyFleet over pools through the real Pulumi CLI", () => {
  it("uploads with a heartbeat, sends a cut-off upload again, distributes the fleet's image one upload at a time, refreshes clean and destroys everything", async () => {
    const scp = emulators.scp;
    // 48 MiB at 32 MiB/s: the upload lasts long enough for the 200 ms heartbeat to speak, however fast the machine.
    scp.setKnobs({ exportBytes: 4 * MIB, uploadBytesPerSec: 32 * MIB });
    const sourceVmId = scp.seedServer({ name: "proxy-template", osName: "Backup Proxy" });
    project.env[HEARTBEAT_ENV] = "200";
    await project.initStack("dev", { ...scp.stackConfig(), "vma-upload:vmaPath": join(project.dir, "golden.vma"), "vma-upload:sha256": sha256, "vma-upload:sourceVmId": sourceVmId }, (key) => key.endsWith(":password"));
    scp.breakUploads(1);
    const up = await project.pulumi(["up", "--yes", "--skip-preview", "--stack", "dev"]);
    expect(up.output).toMatch(/ScpVmaImage: cli-upload in az-2: upload attempt 1 of 3 into image \S+ failed \(.*\); sending it again into the same image/);
    expect(up.output).toMatch(/ScpVmaImage: cli-upload in az-2: image \S+ upload: still at [\d.]+ \S+ of 48 MiB \(\d+%, .*\/s\) after/);
    expect(up.output).toMatch(/ScpVmaImage: cli-upload in az-2: image \S+ upload: ended done, 48 MiB after/);
    const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json", "--stack", "dev"])).output) as Record<string, unknown>;
    expect(outputs).toMatchObject({ attempts: 2, verified: true, uploadedBytes: BYTES });
    const images = scp.inventory().images;
    const named = (name: string) => images.find((i) => i.name === name);
    expect(outputs.pools).toEqual([
      { azId: "az-1", imageId: named("cli-fleet")?.id, uploaded: false, vmIds: [expect.any(String)] },
      { azId: "az-2", imageId: named("cli-fleet-az-2")?.id, uploaded: true, vmIds: [] },
      { azId: "az-3", imageId: named("cli-fleet-az-3")?.id, uploaded: true, vmIds: [expect.any(String)] },
    ]);
    // The golden image was exported once and its file uploaded into az-2 and az-3, with the same sha256.
    expect(scp.count("POST", "/janus/20240725/images/:id/export")).toBe(1);
    expect(named("cli-fleet-az-2")?.sha256).toBe(named("cli-fleet-az-3")?.sha256);
    expect(scp.inventory().servers.filter((s) => s.name.startsWith("cli-proxy-")).map((s) => [s.name, s.az_id]).sort()).toEqual([
      ["cli-proxy-az-1-1", "az-1"],
      ["cli-proxy-az-3-1", "az-3"],
    ]);
    // maxParallelUploads 1: the second pool's image is created only after the first pool's upload answered.
    const log = scp.requests();
    const uploadOf = (id: string | undefined) => log.find((r) => r.method === "PUT" && r.path === `/janus/20180725/images/${id}/upload` && r.status === 200);
    const created = log.filter((r) => r.method === "POST" && r.route === "/janus/20180725/images" && String((r.body as { name?: string }).name).startsWith("cli-fleet-"));
    expect(created.map((r) => (r.body as { name: string }).name)).toEqual(["cli-fleet-az-2", "cli-fleet-az-3"]);
    expect(created[1].receivedAt).toBeGreaterThanOrEqual(uploadOf(named("cli-fleet-az-2")?.id)?.respondedAt ?? Number.POSITIVE_INFINITY);

    const refresh = await project.pulumi(["refresh", "--yes", "--skip-preview", "--stack", "dev"]);
    expect(refresh.output).not.toMatch(/~ \d+ updated/);
    const destroy = await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
    expect(destroy.output).toMatch(/deleted/);
    expect(scp.inventory().images).toEqual([]);
    expect(scp.inventory().servers.map((s) => s.name)).toEqual(["proxy-template"]);
    await expectNoPlaintextSecrets(project, "dev", { extra: [scp.credentials.password] });
  }, 3 * COMMAND_MS);
});
