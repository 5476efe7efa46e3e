import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../emulators";
import { REPO_ROOT } from "../e2e/project";
import { COMMAND_MS, UserProject } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * The pipeline example's scheduled drift check, exactly as its workflow runs it, through the real
 * CLI: quiet while the vendor matches the state, failing once someone changes the object in the
 * vendor's portal, and — since the refreshed state is saved — the next `up` puts it back.
 */
const WORKFLOW = readFileSync(join(REPO_ROOT, "examples/pipeline/backup-infra.yml"), "utf8");
/** The drift step's command line, its $STACK as the workflow sets it. */
function driftCommand(): string[] {
  const line = /run: (pulumi refresh [^\n]*--expect-no-changes[^\n]*)/.exec(WORKFLOW)?.[1];
  const stack = /^ {2}STACK: (\S+)$/m.exec(WORKFLOW)?.[1];
  if (!line || !stack) throw new Error("examples/pipeline/backup-infra.yml has no drift step or no STACK");
  return line.replace(/"\$STACK"/, stack).split(/\s+/).slice(1);
}

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SppHypervisor } from "pulumi-backup-infra";

new SppHypervisor("vc", { hostAddress: "vcenter-drift.example.com", type: "vmware", username: "administrator@vsphere.local", password: new pulumi.Config().requireSecret("vcenterPassword"), portNumber: 443 });
`;

let emulators: AllEmulators;
let project: UserProject;

beforeAll(async () => {
  emulators = await startAllEmulators({ tls: true });
  project = await UserProject.create({ name: "drift", files: { "index.ts": PROGRAM } });
}, COMMAND_MS);
afterAll(async () => {
  await project?.close();
  await emulators?.close();
}, COMMAND_MS);

describe("the pipeline's drift check through the real Pulumi CLI", () => {
  it("passes while nothing drifted, fails on a change made in the vendor's portal, and the next up repairs it", async () => {
    const drift = driftCommand();
    expect(drift).toEqual(["refresh", "--yes", "--expect-no-changes", "--stack", "dev", "--color", "never"]);
    await project.initStack("dev", { ...emulators.spp.stackConfig(), "drift:vcenterPassword": "Drift-Vcenter-Passw0rd" }, (key) => /[Pp]assword$/.test(key));
    await project.pulumi(["up", "--yes", "--skip-preview", "--stack", "dev"]);
    await project.pulumi(drift);

    const id = emulators.spp.inventory().hypervisors[0]?.id;
    expect(id).toBeDefined();
    emulators.spp.mutateHypervisor(String(id), { portNumber: 9443 });
    const failed = await project.pulumi(drift, { expectCode: "nonzero" });
    expect(failed.output).toMatch(/~ +pulumi-nodejs:dynamic\/spp:SppHypervisor +vc +(refreshed|updated)/);
    expect(failed.output).toMatch(/error: .*no changes were expected but changes occurred/i);

    const repaired = await project.pulumi(["up", "--yes", "--skip-preview", "--stack", "dev"]);
    expect(repaired.output).toMatch(/~ +pulumi-nodejs:dynamic\/spp:SppHypervisor +vc +updated/);
    expect(emulators.spp.inventory().hypervisors[0]?.portNumber).toBe(443);
    await project.pulumi(drift);
    await expectNoPlaintextSecrets(project, "dev", { extra: ["Drift-Vcenter-Passw0rd"] });
  }, COMMAND_MS * 2);
});
