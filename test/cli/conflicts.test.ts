import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../emulators";
import { COMMAND_MS, resourcesOf, UserProject, type CommandResult } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * What a user sees through the real Pulumi CLI when a vendor refuses a create as its document
 * says it does (issue 13): VSPC's 409 for an owner login that is taken (not a duplicate company),
 * SDP's bare 400 for a vCenter registered at an address in use (the reference lists no 409), and an
 * SCP image whose exact name lies past the first page of a list whose name filter is partial. Two
 * stacks of one project: "first" holds the company and the vCenter, "second" collides with them.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { ScpBackupProxyImage, SdpLicense, SdpVcenter, VspcCompany } from "pulumi-backup-infra";

const config = new pulumi.Config();
new VspcCompany("company", {
  organization: { name: config.require("company") },
  ownerUserName: config.require("owner"),
  ownerPassword: config.requireSecret("ownerPassword"),
});
const license = new SdpLicense("license", { licenseType: "vCenter Server 5.5 Standard" });
new SdpVcenter("vcenter", { linkLocalAddress: "169.254.127.150", password: config.requireSecret("vcenterPassword"), licenseId: license.id, adopt: config.getBoolean("adopt") });
const image = config.get("image");
if (image) new ScpBackupProxyImage("image", { sourceVmId: config.require("sourceVmId"), name: image, ownerId: "admin", adopt: config.getBoolean("adopt") });
`;

let emulators: AllEmulators;
let project: UserProject;
let sourceVmId: string;

beforeAll(async () => {
  emulators = await startAllEmulators({ tls: true });
  sourceVmId = emulators.scp.seedServer({ name: "conflict-proxy-template", osName: "Backup Proxy" });
  project = await UserProject.create({ name: "conflicts", files: { "index.ts": PROGRAM } });
}, COMMAND_MS);
afterAll(async () => {
  await project?.close();
  await emulators?.close();
}, COMMAND_MS);

function openStack(stack: string, config: Record<string, string>): Promise<void> {
  const vendors = { ...emulators.vspc.stackConfig(), ...emulators.sdp.stackConfig(), ...emulators.scp.stackConfig() };
  return project.initStack(stack, { ...vendors, ...config }, (key) => /:(password|apiKey|secretKey|ownerPassword|vcenterPassword)$/.test(key));
}

/** The CLI's error lines for a resource of `type`: the engine prints one per failed resource. */
function errorLines(result: CommandResult, type: string): string[] {
  const lines = result.output.split("\n");
  const found: string[] = [];
  lines.forEach((line, i) => {
    if (new RegExp(`^\\s+pulumi-nodejs:dynamic/\\w+:${type} \\(`).test(line) && /^\s+error: /.test(lines[i + 1] ?? "")) found.push((lines[i + 1] ?? "").trim());
  });
  return found;
}

describe("vendor refusals through the real Pulumi CLI", () => {
  it("names each vendor's cause in one line, suggests adopt only where adopting helps, and adopts past page one", async () => {
    await openStack("first", { "conflicts:company": "Owned", "conflicts:owner": "owned-owner", "conflicts:ownerPassword": "Owner-Passw0rd-1", "conflicts:vcenterPassword": "Vcenter-Passw0rd-1" });
    await project.pulumi(["up", "--yes"]);
    const first = resourcesOf((await project.exportState("first")).deployment, "SdpVcenter")[0];

    // The exact name sits behind two partial matches, one to a page.
    const decoys = [emulators.scp.seedImage({ name: "conflict-img-old" }), emulators.scp.seedImage({ name: "conflict-img-2" })];
    const exact = emulators.scp.seedImage({ name: "conflict-img" });
    emulators.scp.setKnobs({ maxPageSize: 1 });
    await openStack("second", {
      "conflicts:company": "Other",
      "conflicts:owner": "owned-owner",
      "conflicts:ownerPassword": "Owner-Passw0rd-2",
      "conflicts:vcenterPassword": "Vcenter-Passw0rd-2",
      "conflicts:image": "conflict-img",
      "conflicts:sourceVmId": sourceVmId,
    });
    const refused = await project.pulumi(["up", "--yes", "--continue-on-error"], { expectCode: "nonzero" });
    const company = errorLines(refused, "VspcCompany");
    expect(company, refused.output).toHaveLength(1);
    expect(company[0]).toMatch(/^error: VspcCompany "Other" create failed: A user with the same name already exists\. \(ownerCredentials\.userName\).*choose another ownerUserName/);
    expect(company[0]).not.toMatch(/adopt/);
    const vcenter = errorLines(refused, "SdpVcenter");
    expect(vcenter, refused.output).toEqual([expect.stringMatching(new RegExp(`^error: SdpVcenter "169\\.254\\.127\\.150" create failed: a vCenter registered at this address already exists \\(${first.id}\\)\\. Set adopt: true to manage it with Pulumi\\. SDP's answer: `))]);
    const image = errorLines(refused, "ScpBackupProxyImage");
    expect(image, refused.output).toEqual([expect.stringMatching(new RegExp(`^error: ScpBackupProxyImage "conflict-img" create failed: an image with this name already exists \\(${exact}\\)\\. Set adopt: true`))]);
    expect(emulators.vspc.inventory().companies.map((c) => c.name).sort()).toEqual(["Owned"]);
    expect(emulators.sdp.inventory().vcenters).toHaveLength(1);

    await project.setConfig({ "conflicts:owner": "other-owner", "conflicts:adopt": "true" });
    await project.pulumi(["up", "--yes"]);
    const second = (await project.exportState("second")).deployment;
    expect(resourcesOf(second, "SdpVcenter")[0]).toMatchObject({ id: first.id, outputs: expect.objectContaining({ adopted: true }) });
    expect(resourcesOf(second, "ScpBackupProxyImage")[0]).toMatchObject({ id: exact, outputs: expect.objectContaining({ adopted: true, name: "conflict-img" }) });
    await expectNoPlaintextSecrets(project, "second");

    await project.pulumi(["destroy", "--yes"]);
    await project.pulumi(["stack", "select", "first"]);
    await project.pulumi(["destroy", "--yes"]);
    decoys.forEach((id) => emulators.scp.removeImage(id));
    expect(emulators.vspc.inventory().companies).toEqual([]);
    expect(emulators.sdp.inventory().vcenters).toEqual([]);
    expect(emulators.scp.inventory().images).toEqual([]);
  }, 8 * COMMAND_MS);
});
