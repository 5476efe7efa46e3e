import * as pulumi from "@pulumi/pulumi";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ManagedBackupEstate } from "../../components";
import { estateArgs } from "../../examples/estate/estate";
import { TOKENS } from "../../policies/library";
import { IMPLEMENTATIONS } from "../../providers/implementations";
import { startPolicyPack, type AnalyzerResourceInput, type PolicyPackHost } from "../../harness/analyzer";
import { unwrapSecrets } from "../../harness/program";
import { REPO_ROOT, requireBuilt } from "../e2e/project";

let pack: PolicyPackHost;

beforeAll(async () => {
  requireBuilt();
  pack = await startPolicyPack({ packDir: join(REPO_ROOT, "policies") });
});
afterAll(async () => {
  await pack?.close();
});

const GOOD_CONFIG: Record<string, string> = {
  "estate:esxiAdminPassword": "demo-esxi-Passw0rd",
  "estate:vcenterPassword": "demo-vcenter-Passw0rd",
  "estate:tenantOwnerPassword": "demo-owner-Passw0rd",
  "estate:proxySourceVmId": "vm-template",
};

/** What the example estate registers (its resources and components), as the analyzer would see them. */
async function estateResources(config: Record<string, string>, tweak: (r: AnalyzerResourceInput) => void = () => undefined): Promise<AnalyzerResourceInput[]> {
  const seen: AnalyzerResourceInput[] = [];
  pulumi.runtime.setAllConfig(config, Object.keys(config).filter((k) => k.includes("Password")));
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const { plain } = unwrapSecrets(args.inputs);
        delete plain.__provider;
        const state = { ...plain, ...(args.type.endsWith(":SdpVcenter") ? { linkLocalAddress: "169.254.127.132" } : {}) };
        seen.push({ type: args.type, name: args.name, urn: "", properties: state });
        return { id: args.custom ? `${args.name}-id` : undefined, state };
      },
      call: () => ({}),
    },
    "backup-infra-estate",
    "dev",
    false,
  );
  const estate = new ManagedBackupEstate("acme", estateArgs(new pulumi.Config("estate")));
  const urns = new Map<string, string>();
  const all: pulumi.Resource[] = [estate, estate.cluster, ...estate.cluster.servers, estate.cluster.license, estate.cluster.vcenter, ...(estate.cluster.contract ? [estate.cluster.contract] : []), estate.protection, estate.protection.hypervisor, estate.tenant, estate.tenant.company, estate.tenant.apiKey, estate.proxies, estate.proxies.image, ...estate.proxies.poolImages, ...estate.proxies.vms];
  for (const r of all) {
    const urn = await new Promise<string>((res) => r.urn.apply(res));
    urns.set(urn.split("::").pop() ?? "", urn);
  }
  await pulumi.runtime.disconnect();
  const clusterUrn = urns.get("acme-cluster") ?? "";
  return seen.map((r) => {
    const out = { ...r, urn: urns.get(r.name) ?? r.name, ...(r.type.endsWith(":SdpServer") ? { parent: clusterUrn } : {}) };
    tweak(out);
    return out;
  });
}

describe("the policy pack, run as the engine runs it and driven over gRPC", () => {
  it("describes itself with every rule and its level", async () => {
    const info = await pack.getAnalyzerInfo();
    expect(info.name).toBe("backup-infra");
    expect(info.policies.map((p) => p.name)).toHaveLength(10);
    expect(info.policies.find((p) => p.name === "sdp-cluster-min-servers")?.enforcementLevel).toBe("advisory");
  });

  it("finds nothing wrong with the example estate", async () => {
    const resources = await estateResources(GOOD_CONFIG);
    // 11 before issue 16, and the golden proxy image's upload into the second pool (ScpVmaImage).
    expect(resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).length).toBe(12);
    const perResource = (await Promise.all(resources.map((r) => pack.analyze(r)))).flat();
    expect(perResource).toEqual([]);
    expect(await pack.analyzeStack(resources)).toEqual([]);
  });

  it("reports exactly the expected violations, with their levels and messages, on a bad variant", async () => {
    const resources = await estateResources({ ...GOOD_CONFIG, "estate:serverCount": "1", "estate:tenantOwnerPassword": "weak", "estate:snapshotConcurrency": "12" }, (r) => {
      if (r.type.endsWith(":SppHypervisor")) r.properties = { ...r.properties, hostAddress: "10.9.9.9", sslConnection: false };
      if (r.type.endsWith(":VspcApiKey")) r.properties = { ...r.properties, scopes: ["rest", "ui"] };
    });
    const found = [...(await Promise.all(resources.map((r) => pack.analyze(r)))).flat(), ...(await pack.analyzeStack(resources))]
      // The analyzer's message is the rule's description, a newline, then what the rule reported.
      .map((d) => [d.policyName, d.enforcementLevel, d.message.slice(d.message.indexOf("\n") + 1)])
      .sort();
    expect(found).toEqual(
      [
        ["credential-strength", "mandatory", "acme-tenant-company.ownerPassword is too weak: it needs at least 12 characters from 3 of lower case, upper case, digits and symbols."],
        ["every-vcenter-protected", "mandatory", "vCenter acme-cluster-vcenter (169.254.127.132) is not registered with Spectrum Protect Plus."],
        ["sdp-cluster-min-servers", "advisory", "DedicatedVsphereCluster acme-cluster has 1 server(s); at least 2 are required."],
        ["spp-hypervisor-requires-ssl", "mandatory", 'SppHypervisor "10.9.9.9" disables sslConnection.'],
        ["spp-snapshot-concurrency-range", "advisory", "snapshotConcurrency 12 is outside 1..8."],
        ["vspc-api-key-least-privilege", "mandatory", 'The API key has the "ui" scope: API keys are for REST and integrations.'],
      ].sort(),
    );
    expect(pack.output()).not.toContain("weak\"");
  });

  it("reports the same violations when the resources carry the provider plugin's tokens (a Python, Go or YAML program's)", async () => {
    // Every resource the estate registers, not only the types the rules check, as the plugin's.
    const PLUGIN_OF = new Map(IMPLEMENTATIONS.map(({ descriptor: { type } }) => [type.token, type.pluginToken] as const));
    for (const tokens of Object.values(TOKENS)) if (tokens.length === 2) expect(PLUGIN_OF.get(tokens[0])).toBe(tokens[1]);
    const bad = { ...GOOD_CONFIG, "estate:serverCount": "1", "estate:tenantOwnerPassword": "weak", "estate:snapshotConcurrency": "12", "estate:vcenterPassword": "short" };
    const variant = (r: AnalyzerResourceInput): void => {
      if (r.type.endsWith(":SppHypervisor")) r.properties = { ...r.properties, hostAddress: "10.9.9.9", sslConnection: false };
      if (r.type.endsWith(":VspcApiKey")) r.properties = { ...r.properties, scopes: ["rest", "ui"] };
    };
    const analyzed = async (resources: AnalyzerResourceInput[]) =>
      [...(await Promise.all(resources.map((r) => pack.analyze(r)))).flat(), ...(await pack.analyzeStack(resources))].map((d) => [d.policyName, d.enforcementLevel, d.message]).sort();
    const dynamic = await estateResources(bad, variant);
    // Plugin resources have the same property names and never `__provider` (estateResources drops it).
    const plugin = dynamic.map((r) => ({ ...r, type: PLUGIN_OF.get(r.type) ?? r.type }));
    // One server fewer than the good estate's 12 resources.
    expect(dynamic.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/")).length).toBe(11);
    expect(plugin.filter((r) => r.type.startsWith("backupinfra:") && !r.type.startsWith("backupinfra:index:")).length).toBe(11);
    expect(plugin.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))).toEqual([]);
    const expected = await analyzed(dynamic);
    const weak = "is too weak: it needs at least 12 characters from 3 of lower case, upper case, digits and symbols.";
    // What each rule reported, after its description's line.
    expect(expected.map(([name, , message]) => [name, message.slice(message.indexOf("\n") + 1)])).toEqual([
      ["credential-strength", `acme-cluster-vcenter.password ${weak}`],
      ["credential-strength", `acme-protection-hypervisor.password ${weak}`],
      ["credential-strength", `acme-tenant-company.ownerPassword ${weak}`],
      ["every-vcenter-protected", "vCenter acme-cluster-vcenter (169.254.127.132) is not registered with Spectrum Protect Plus."],
      ["sdp-cluster-min-servers", "DedicatedVsphereCluster acme-cluster has 1 server(s); at least 2 are required."],
      ["spp-hypervisor-requires-ssl", 'SppHypervisor "10.9.9.9" disables sslConnection.'],
      ["spp-snapshot-concurrency-range", "snapshotConcurrency 12 is outside 1..8."],
      ["vspc-api-key-least-privilege", 'The API key has the "ui" scope: API keys are for REST and integrations.'],
    ]);
    expect(await analyzed(plugin)).toEqual(expected);
  });
});
