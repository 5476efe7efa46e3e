import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../e2e/project";
import { COMMAND_MS, UserProject } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * The README's offline preview, as a user runs it: `backup-infra-emulators` in its own process on
 * fixed ports, a stack of its own configured from what the emulators print, `pulumi up` and
 * `preview` of the same program; then the emulators restarted on the same ports (a new day) and a
 * preview that shows no changes, where a different SPP URL would replace every SppHypervisor.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SppHypervisor, VspcCompany } from "pulumi-backup-infra";

const config = new pulumi.Config();
for (const host of ["vcenter01.example.com", "vcenter02.example.com"]) {
  new SppHypervisor(host, { hostAddress: host, type: "vmware", username: "administrator@vsphere.local", password: config.requireSecret("vcenterPassword") });
}
new VspcCompany("acme", { organization: { name: "Acme Offline" }, ownerUserName: "acme-offline-owner", ownerPassword: config.requireSecret("ownerPassword") });
`;

interface Described {
  vendor: string;
  url: string;
  username: string;
  password: string;
  tenantId?: string;
}

/** `backup-infra-emulators --http --json …` in a child process; resolves with what it printed. */
function startEmulatorCli(args: string[]): Promise<{ child: ChildProcess; emulators: Described[] }> {
  const child = spawn(process.execPath, [join(REPO_ROOT, "dist/emulators/cli.js"), "--http", "--json", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`the emulators did not start in 30 s: ${err}`)), 30_000);
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      if (!out.includes("\n")) return;
      clearTimeout(timer);
      resolve({ child, emulators: (JSON.parse(out.split("\n")[0]) as { emulators: Described[] }).emulators });
    });
    child.on("exit", (code) => reject(new Error(`the emulators exited ${code}: ${err}`)));
  });
}

async function stop(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

const portOf = (d: Described): string => new URL(d.url).port;
/** The stack config the README's pasted `pulumi config set` lines make (SPP and VSPC here). */
function stackConfig(emulators: Described[]): Record<string, string> {
  const config: Record<string, string> = { "offline:vcenterPassword": "Offline-Vcenter-Passw0rd", "offline:ownerPassword": "Offline-Owner-Passw0rd" };
  for (const d of emulators.filter((e) => e.vendor === "spp" || e.vendor === "vspc")) {
    Object.assign(config, { [`${d.vendor}:url`]: d.url, [`${d.vendor}:username`]: d.username, [`${d.vendor}:password`]: d.password });
  }
  return config;
}
const isSecret = (key: string): boolean => /[Pp]assword$/.test(key);

let running: ChildProcess | undefined;
let project: UserProject;

beforeAll(async () => {
  project = await UserProject.create({ name: "offline", files: { "index.ts": PROGRAM } });
}, COMMAND_MS);
afterAll(async () => {
  await stop(running);
  await project?.close();
}, COMMAND_MS);

describe("an offline preview, as the README runs it", () => {
  it("creates on its own stack, shows no changes after an emulator restart on the same ports, and would replace on another SPP URL", async () => {
    const first = await startEmulatorCli(["--port-base", "0"]);
    running = first.child;
    await project.initStack("offline", stackConfig(first.emulators), isSecret);

    const preview = await project.pulumi(["preview", "--stack", "offline"]);
    expect(preview.output).toMatch(/\+ 4 to create/);
    expect(preview.output).not.toMatch(/replace/);
    await project.pulumi(["up", "--yes", "--skip-preview", "--stack", "offline"]);

    // A restart on the same ports: the same URLs, so the same config and state.
    await stop(running);
    const ports = Object.fromEntries(first.emulators.map((d) => [d.vendor, portOf(d)]));
    const again = await startEmulatorCli(Object.entries(ports).flatMap(([vendor, port]) => [`--${vendor}-port`, port]));
    running = again.child;
    expect(again.emulators.map((d) => d.url)).toEqual(first.emulators.map((d) => d.url));
    await project.pulumi(["preview", "--stack", "offline", "--expect-no-changes"]);

    // Another SPP URL is another server: each hypervisor would be registered anew.
    await stop(running);
    const moved = await startEmulatorCli(["--port-base", "0"]);
    running = moved.child;
    await project.setConfig({ "spp:url": moved.emulators.find((d) => d.vendor === "spp")?.url ?? "" });
    const elsewhere = await project.pulumi(["preview", "--stack", "offline", "--diff"]);
    expect(elsewhere.output.match(/\+-pulumi-nodejs:dynamic\/spp:SppHypervisor/g)?.length).toBe(2);
    expect(elsewhere.output).toMatch(/serverUrl/);
    await expectNoPlaintextSecrets(project, "offline", { extra: ["Offline-Vcenter-Passw0rd", "Offline-Owner-Passw0rd"] });
  }, COMMAND_MS * 2);
});
