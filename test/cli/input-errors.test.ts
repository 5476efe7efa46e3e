import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../emulators";
import { COMMAND_MS, UserProject } from "./kit/project";

/**
 * What a user sees of a bad input in `pulumi preview`: the engine prints each check failure with
 * the property and the provider's reason, which must be in the user's terms, not zod's.
 */
const PROGRAM = `import { SppHypervisor } from "pulumi-backup-infra";

// A JavaScript caller, or a value read from config, can pass what the types refuse.
new SppHypervisor("vc", {
  hostAddress: "vcenter01.example.com",
  type: "vmware",
  username: "administrator@vsphere.local",
  password: "Input-Errors-Passw0rd",
  snapshotConcurrency: "three" as unknown as number,
  portNumber: 70000,
});
`;

let emulators: AllEmulators;
let project: UserProject;

beforeAll(async () => {
  emulators = await startAllEmulators({ tls: true });
  project = await UserProject.create({ name: "input-errors", files: { "index.ts": PROGRAM } });
  await project.initStack("dev", emulators.spp.stackConfig(), (key) => key.endsWith(":password"));
}, COMMAND_MS);
afterAll(async () => {
  await project?.close();
  await emulators?.close();
}, COMMAND_MS);

describe("input errors through the real Pulumi CLI", () => {
  it("names each bad property with what it must be, and sends nothing", async () => {
    emulators.spp.clearLog();
    const preview = await project.pulumi(["preview", "--stack", "dev"], { expectCode: "nonzero" });
    const failure = (property: string, value: string, reason: string) =>
      `error: pulumi-nodejs:dynamic/spp:SppHypervisor resource 'vc': property ${property} value {${value}} has a problem: ${reason}`;
    // zod says "Invalid input: expected number, received string"; the user reads what the property must be.
    expect(preview.output).toContain(failure("snapshotConcurrency", "three", "must be a number"));
    expect(preview.output).toContain(failure("portNumber", "70000", "must be between 1 and 65535"));
    expect(preview.output).not.toMatch(/expected number|received string|Invalid input/);
    expect(emulators.spp.requests()).toEqual([]);
  }, COMMAND_MS);
});
