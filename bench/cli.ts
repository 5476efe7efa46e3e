import { startSppEmulator } from "../emulators";
import { openEstate } from "../harness/cli-estate";
import { PULUMI_NEW_TSCONFIG_TEXT, USER_DEV_DEPENDENCIES, type CliProject, UserProject } from "../harness/cli-project";
import { PLUGIN_FROM_NODE_MODULES, PluginProject, pluginStackConfig } from "../harness/plugin-project";

/** Emulator waits for the estate bench: the SDP build, then the SPP inventory, are its longest chain. */
export const ESTATE_WAITS = { buildMs: 5_000, inventoryMs: 1_000, taskMs: 200, vmtoolsMs: 200 } as const;
/**
 * The SCP chain (image from the VM: os_name fix, image, export; then a VM: create, power-on
 * and the guest script) holds at most 6 tasks and one vmtools wait; it must stay below the SDP one
 * for the minimum below to be the vendor-bound one.
 */
const SCP_CHAIN_MS = 6 * ESTATE_WAITS.taskMs + ESTATE_WAITS.vmtoolsMs;

export interface EstateUpFigures {
  upMs: number;
  /** The sum of the emulator waits on the longest dependency chain: server build → vCenter → SPP inventory. */
  chainMs: number;
  scpChainMs: number;
  resources: number;
}

const elapsed = async (body: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await body();
  return performance.now() - t0;
};

/** `pulumi up` of the example estate by the real CLI, against its vendor-bound minimum. */
export async function measureEstateUp(): Promise<EstateUpFigures> {
  const rig = await openEstate("bench-estate", { knobs: { sdp: { buildMs: ESTATE_WAITS.buildMs }, spp: { inventoryMs: ESTATE_WAITS.inventoryMs }, scp: { taskMs: ESTATE_WAITS.taskMs, vmtoolsMs: ESTATE_WAITS.vmtoolsMs } } });
  try {
    const upMs = await elapsed(() => rig.project.pulumi(["up", "--yes", "--skip-preview"]));
    const resources = (await rig.project.exportState(rig.stack)).deployment.resources?.length ?? 0;
    await rig.project.pulumi(["destroy", "--yes", "--skip-preview"]);
    return { upMs, chainMs: ESTATE_WAITS.buildMs + ESTATE_WAITS.inventoryMs, scpChainMs: SCP_CHAIN_MS, resources };
  } finally {
    await rig.close();
  }
}

const COUNT = 100;

/** 100 SppHypervisors through this package. */
const OURS = `import * as pulumi from "@pulumi/pulumi";
import { SppHypervisor } from "pulumi-backup-infra";
const cfg = new pulumi.Config();
for (let i = 0; i < ${COUNT}; i++) {
  new SppHypervisor(\`vc-\${i}\`, { hostAddress: \`vc-\${i}.example.com\`, type: "vmware", username: "administrator@vsphere.local", password: cfg.requireSecret("vcenterPassword") });
}
`;

/**
 * The same estate as a plain dynamic provider, written the way Pulumi's documentation shows: a
 * provider object whose closure is serialised into every resource's state, calling the API with
 * fetch (a session per create, as such a script does), connection details as inputs.
 */
const PLAIN = `import * as pulumi from "@pulumi/pulumi";
const cfg = new pulumi.Config();
const url = cfg.require("sppUrl");

async function session(inputs: any): Promise<string> {
  const basic = Buffer.from(\`\${inputs.sppUsername}:\${inputs.sppPassword}\`).toString("base64");
  const res = await fetch(\`\${inputs.sppUrl}/api/endeavour/session\`, { method: "POST", headers: { authorization: \`Basic \${basic}\`, accept: "application/json" } });
  if (!res.ok) throw new Error(\`login failed: \${res.status}\`);
  return ((await res.json()) as any).sessionid;
}

const hypervisorProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: any) {
    const sid = await session(inputs);
    const res = await fetch(\`\${inputs.sppUrl}/ngp/hypervisor\`, {
      method: "POST",
      headers: { "x-endeavour-sessionid": sid, "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ hostAddress: inputs.hostAddress, portNumber: 443, type: "vmware", username: inputs.username, password: inputs.password, sslConnection: true, opProperties: { snapshotConcurrency: 3 } }),
    });
    if (!res.ok) throw new Error(\`register failed: \${res.status} \${await res.text()}\`);
    const body: any = await res.json(); // {statusCode, response} (IBM's docs)
    return { id: String(body.response.id), outs: { ...inputs, id: String(body.response.id) } };
  },
  async delete(id: string, props: any) {
    const sid = await session(props);
    await fetch(\`\${props.sppUrl}/ngp/hypervisor/\${id}\`, { method: "DELETE", headers: { "x-endeavour-sessionid": sid } });
  },
};

class PlainHypervisor extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, pulumi.Input<string>>) {
    super(hypervisorProvider, name, props, {});
  }
}

for (let i = 0; i < ${COUNT}; i++) {
  new PlainHypervisor(\`vc-\${i}\`, {
    sppUrl: url, sppUsername: cfg.require("sppUsername"), sppPassword: cfg.requireSecret("sppPassword"),
    hostAddress: \`vc-\${i}.example.com\`, username: "administrator@vsphere.local", password: cfg.requireSecret("vcenterPassword"),
  });
}
`;

/**
 * The same 100 hypervisors through the provider plugin (the `backupinfra:spp:Hypervisor` token, as
 * Python, Go and YAML programs declare it), from a TypeScript program like the other two rows', so
 * that the language host and ts-node are the same and only the provider differs.
 */
const PLUGIN = `import * as pulumi from "@pulumi/pulumi";
/** What a generated SDK's class does: a custom resource of the plugin's token. */
class Hypervisor extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super("backupinfra:spp:Hypervisor", name, props);
  }
}
const cfg = new pulumi.Config();
for (let i = 0; i < ${COUNT}; i++) {
  new Hypervisor(\`vc-\${i}\`, { hostAddress: \`vc-\${i}.example.com\`, type: "vmware", username: "administrator@vsphere.local", password: cfg.requireSecret("vcenterPassword") });
}
`;

export interface HundredFigures {
  label: string;
  previewMs: number;
  upMs: number;
  stateBytes: number;
  providerBytes: number;
}

async function hundred(label: string, name: string, program: string, face: "dynamic" | "plugin" = "dynamic"): Promise<HundredFigures> {
  const spp = await startSppEmulator({ tls: false });
  const project: CliProject =
    face === "dynamic"
      ? await UserProject.create({ name, files: { "index.ts": program } })
      : await PluginProject.create({
          name,
          files: {
            "Pulumi.yaml": `name: ${name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n${PLUGIN_FROM_NODE_MODULES}`,
            "index.ts": program,
            "tsconfig.json": PULUMI_NEW_TSCONFIG_TEXT,
            "package.json": JSON.stringify({ name, main: "index.ts", devDependencies: USER_DEV_DEPENDENCIES }),
          },
        });
  try {
    await project.pulumi(["stack", "init", "bench"]);
    const c = spp.stackConfig();
    await project.setConfig({
      ...c,
      ...pluginStackConfig(c),
      sppUrl: c["spp:url"],
      sppUsername: c["spp:username"],
      sppPassword: { value: c["spp:password"], secret: true },
      "spp:password": { value: c["spp:password"], secret: true },
      vcenterPassword: { value: "bench-vcenter-Passw0rd", secret: true },
    });
    const previewMs = await elapsed(() => project.pulumi(["preview"]));
    const upMs = await elapsed(() => project.pulumi(["up", "--yes", "--skip-preview"]));
    const registered = spp.inventory().hypervisors.length;
    if (registered !== COUNT) throw new Error(`${label}: ${registered} hypervisors registered, not ${COUNT}`);
    const { text, deployment } = await project.exportState("bench");
    const resources = (deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic") || r.type.startsWith("backupinfra:"));
    const providerBytes = Math.max(...resources.map((r) => Buffer.byteLength(String(r.inputs?.__provider ?? ""))));
    await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    if (spp.inventory().hypervisors.length !== 0) throw new Error(`${label}: destroy left hypervisors behind`);
    return { label, previewMs, upMs, stateBytes: Buffer.byteLength(text), providerBytes };
  } finally {
    await project.close();
    await spp.close();
  }
}

/** 100 SppHypervisors: this package's two faces and a plain dynamic provider, one after the other on the same machine. */
export async function measureHundred(): Promise<HundredFigures[]> {
  return [
    await hundred("pulumi-backup-infra `SppHypervisor` (dynamic)", "bench-ours", OURS),
    await hundred("plain dynamic provider (Pulumi docs style)", "bench-plain", PLAIN),
    await hundred("pulumi-backup-infra plugin `backupinfra:spp:Hypervisor`", "bench-plugin", PLUGIN, "plugin"),
  ];
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

export function cliSection(estate: EstateUpFigures, h: HundredFigures[]): string {
  const [ours, plain, plugin] = h;
  const rows = h.map((f) => `| ${f.label} | ${s(f.previewMs)} | ${s(f.upMs)} | ${(f.stateBytes / 1024).toFixed(0)} KiB | ${f.providerBytes.toLocaleString("en")} |`);
  return `## The real Pulumi CLI

\`pulumi up --skip-preview\` of the example estate (${estate.resources} resources in state) by the real CLI (\`npm run pulumi:bin\`) against the emulators, with an SDP build of ${s(ESTATE_WAITS.buildMs)} and an SPP inventory of ${s(ESTATE_WAITS.inventoryMs)}:

| up | longest chain's emulator waits (server build → vCenter → SPP inventory) | ratio | SCP chain's waits (at most) |
|---|---|---|---|
| ${s(estate.upMs)} | ${s(estate.chainMs)} | ${(estate.upMs / estate.chainMs).toFixed(2)}× | ${s(estate.scpChainMs)} |

The gap above the chain is the engine's own work: starting the language host, the program under ts-node and the dynamic-provider host, and registering ${estate.resources} resources.

100 \`SppHypervisor\`s, preview then up (plain HTTP emulator, the same CLI), side by side with the same estate as a plain dynamic provider written the way Pulumi's documentation shows (the provider's closure serialised into each resource's state):

| program | preview | up | \`stack export\` size | \`__provider\` bytes per resource |
|---|---|---|---|---|
${rows.join("\n")}

Ratios (plain ÷ this package): preview ${(plain.previewMs / ours.previewMs).toFixed(2)}×, up ${(plain.upMs / ours.upMs).toFixed(2)}×, state ${(plain.stateBytes / ours.stateBytes).toFixed(2)}×, \`__provider\` ${(plain.providerBytes / ours.providerBytes).toFixed(2)}×.

Plugin ÷ dynamic (the same resources and provider code, the same language host and ts-node; only the face differs): preview ${(plugin.previewMs / ours.previewMs).toFixed(2)}×, up ${(plugin.upMs / ours.upMs).toFixed(2)}×, state ${(plugin.stateBytes / ours.stateBytes).toFixed(2)}× (no \`__provider\` in the plugin's state).
`;
}
