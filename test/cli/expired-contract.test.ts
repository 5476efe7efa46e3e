import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSdpEmulator, type SdpEmulator } from "../../emulators";
import { COMMAND_MS, resourcesOf, UserProject, type StateResource } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * An SdpVsphereContract through the real Pulumi CLI as its term runs out (issue 13, point 15): the
 * preview names the reference's case, refresh records an expired contract as expired (not gone,
 * which the next `up` would sign again: a new multi-year commitment), preview warns and up refuses
 * it without signing anything, and `renewExpired: true` signs exactly one successor. The real
 * engine also calls Diff during `refresh`, so a diff that threw would fail the refresh itself.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SdpVsphereContract } from "pulumi-backup-infra";

const config = new pulumi.Config();
export const contractCase = new SdpVsphereContract("contract", {
  contractYear: 1,
  cores: config.requireNumber("cores"),
  renewExpired: config.getBoolean("renewExpired"),
}).contractCase;
`;

let emu: SdpEmulator;
let project: UserProject;

beforeAll(async () => {
  emu = await startSdpEmulator({ tls: true });
  project = await UserProject.create({ name: "contracts", files: { "index.ts": PROGRAM } });
  await project.initStack("dev", { ...emu.stackConfig(), "contracts:cores": "8" }, (key) => key === "sdp:password");
}, COMMAND_MS);
afterAll(async () => {
  await project?.close();
  await emu?.close();
}, COMMAND_MS);

const signings = () => emu.requests().filter((r) => r.method === "POST" && r.path.endsWith("/vsphere_contracts"));
async function contract(): Promise<StateResource> {
  const found = resourcesOf((await project.exportState("dev")).deployment, "SdpVsphereContract");
  expect(found).toHaveLength(1);
  return found[0];
}

describe("an expiring vSphere contract through the real Pulumi CLI", () => {
  it("preview names the case; refresh records expiry; preview warns and up refuses it; renewExpired signs one successor", async () => {
    await project.pulumi(["up", "--yes"]);
    const signed = await contract();
    expect(signed.outputs).toMatchObject({ contractCase: "none-or-not-started", contractYear: 1 });
    expect(signings()).toHaveLength(1);

    // A change previewed: the provider's line says which of the reference's cases applies.
    await project.setConfig({ "contracts:cores": "12" });
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(preview.output).toMatch(/\[pulumi-backup-infra\] info SdpVsphereContract: 1-year: diff \(months in Asia\/Tokyo, now \d{4}-\d{2}\): case 1 of the reference/);
    await project.setConfig({ "contracts:cores": "8" });

    // The term ends (the emulated SDP calendar moves on); refresh records it as expired.
    emu.advanceMonths(14);
    emu.clearLog();
    await project.pulumi(["refresh", "--yes"]);
    const expired = await contract();
    expect(expired).toMatchObject({ id: signed.id, outputs: expect.objectContaining({ contractCase: "expired", endMonth: signed.outputs?.endMonth }) });

    // The preview shows the expiry as an update and says that up will not sign it; up refuses.
    const warned = await project.pulumi(["preview"]);
    expect(warned.output).toMatch(/\[pulumi-backup-infra\] warn SdpVsphereContract: 1-year: diff \(months in Asia\/Tokyo, now \d{4}-\d{2}\): the contract ended with \d{4}-\d{2} .*has expired.*Set renewExpired: true/);
    expect(warned.output).toMatch(/~\s+pulumi-nodejs:dynamic\/sdp:SdpVsphereContract contract update/);
    const refused = await project.pulumi(["up", "--yes"], { expectCode: "nonzero" });
    const errorLines = refused.output.split("\n").filter((l) => /^\s+error: SdpVsphereContract "1-year" update failed: the contract ended with .*has expired.*Set renewExpired: true/.test(l));
    expect(errorLines, refused.output).toHaveLength(1);
    expect(signings()).toEqual([]);
    expect(emu.contracts()).toEqual([]);

    await project.setConfig({ "contracts:renewExpired": "true" });
    await project.pulumi(["up", "--yes"]);
    expect(signings()).toHaveLength(1);
    expect(emu.contracts()).toHaveLength(1);
    expect((await contract()).outputs).toMatchObject({ contractCase: "none-or-not-started", renewExpired: true });
    await project.pulumi(["preview", "--expect-no-changes"]);

    await expectNoPlaintextSecrets(project, "dev");
    await project.pulumi(["destroy", "--yes"]);
    expect(emu.contracts()).toEqual([]);
  }, 10 * COMMAND_MS);
});
