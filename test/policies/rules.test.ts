import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { backupInfraPolicies, isType, RULE_NAMES, TOKENS, TYPES } from "../../policies/library";
import { scpBackupProxyImage } from "../../providers/scp/image";
import { scpVmaImage } from "../../providers/scp/vma-image";
import { sdpServer } from "../../providers/sdp/server";
import { sdpVcenter } from "../../providers/sdp/vcenter";
import { sdpVsphereContract } from "../../providers/sdp/vsphere-contract";
import { sppHypervisor } from "../../providers/spp/hypervisor";
import { vspcApiKey } from "../../providers/vspc/api-key";
import { vspcCompany } from "../../providers/vspc/company";

const rule = (name: string, options = {}): Policy => {
  const found = backupInfraPolicies({ ...Object.fromEntries(RULE_NAMES.map((n) => [n, false])), [name]: options }).find((p) => p.name === name);
  if (!found) throw new Error(`no rule ${name}`);
  return found;
};

/** Runs a resource rule the way @pulumi/policy's own tests do: with a collecting reportViolation. */
function violations(name: string, type: string, props: Record<string, unknown>, options = {}, config: Record<string, unknown> = {}): string[] {
  const messages: string[] = [];
  const p = rule(name, options) as ResourceValidationPolicy;
  const validate = p.validateResource as (args: unknown, report: (m: string) => void) => void;
  validate({ type, props, urn: `urn:pulumi:s::p::${type}::r`, name: "r", opts: {}, getConfig: () => config, isType: () => false, asType: () => undefined, notApplicable: () => undefined }, (m) => messages.push(m));
  return messages;
}

interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  parent?: { urn: string };
}
function stackViolations(name: string, resources: StackResource[], options = {}): string[] {
  const messages: string[] = [];
  const p = rule(name, options) as StackValidationPolicy;
  const validate = p.validateStack as (args: unknown, report: (m: string) => void) => void;
  validate({ resources, getConfig: () => ({}) }, (m) => messages.push(m));
  return messages;
}

describe("policy rules", () => {
  it("lists every rule with its default level", () => {
    expect(backupInfraPolicies().map((p) => [p.name, p.enforcementLevel])).toEqual([
      ["spp-hypervisor-requires-ssl", "mandatory"],
      ["spp-snapshot-concurrency-range", "advisory"],
      ["vspc-api-key-least-privilege", "mandatory"],
      ["vspc-company-quotas-required", "advisory"],
      ["sdp-vcenter-link-local", "mandatory"],
      ["sdp-vsphere-contract-cap", "mandatory"],
      ["scp-proxy-image-private", "mandatory"],
      ["sdp-cluster-min-servers", "advisory"],
      ["every-vcenter-protected", "mandatory"],
      ["credential-strength", "mandatory"],
    ]);
    expect(backupInfraPolicies({ "credential-strength": false, "sdp-vcenter-link-local": { enforcementLevel: "advisory" } }).find((p) => p.name === "sdp-vcenter-link-local")?.enforcementLevel).toBe("advisory");
    expect(backupInfraPolicies({ "credential-strength": false }).map((p) => p.name)).not.toContain("credential-strength");
  });

  it("spp-hypervisor-requires-ssl", () => {
    expect(violations("spp-hypervisor-requires-ssl", TYPES.sppHypervisor, { hostAddress: "vc", type: "vmware" })).toEqual([]);
    expect(violations("spp-hypervisor-requires-ssl", TYPES.sppHypervisor, { hostAddress: "hv", type: "hyperv", portNumber: 5986, sslConnection: true })).toEqual([]);
    expect(violations("spp-hypervisor-requires-ssl", TYPES.sppHypervisor, { hostAddress: "vc", type: "vmware", sslConnection: false, portNumber: 80 })).toEqual([
      'SppHypervisor "vc" disables sslConnection.',
      'SppHypervisor "vc" uses port 80; vmware over SSL uses 443.',
    ]);
    expect(violations("spp-hypervisor-requires-ssl", TYPES.sdpServer, { sslConnection: false })).toEqual([]);
  });

  it("spp-snapshot-concurrency-range, with a tuned maximum", () => {
    expect(violations("spp-snapshot-concurrency-range", TYPES.sppHypervisor, { snapshotConcurrency: 8 })).toEqual([]);
    expect(violations("spp-snapshot-concurrency-range", TYPES.sppHypervisor, { snapshotConcurrency: 9 })).toEqual(["snapshotConcurrency 9 is outside 1..8."]);
    expect(violations("spp-snapshot-concurrency-range", TYPES.sppHypervisor, { snapshotConcurrency: 9 }, { max: 16 })).toEqual([]);
    expect(violations("spp-snapshot-concurrency-range", TYPES.sppHypervisor, { snapshotConcurrency: 9 }, {}, { max: 10 })).toEqual([]);
  });

  it("vspc-api-key-least-privilege", () => {
    const ok = { description: "portal", isReadAccessOnly: true, scopes: ["rest"] };
    expect(violations("vspc-api-key-least-privilege", TYPES.vspcApiKey, ok)).toEqual([]);
    expect(violations("vspc-api-key-least-privilege", TYPES.vspcApiKey, { ...ok, isReadAccessOnly: false })).toEqual(['The API key may write: set isReadAccessOnly, or put "[allow-write]" in its description to allow it.']);
    expect(violations("vspc-api-key-least-privilege", TYPES.vspcApiKey, { ...ok, isReadAccessOnly: false }, { writeAllowMarker: "[rw]" })).toEqual(['The API key may write: set isReadAccessOnly, or put "[rw]" in its description to allow it.']);
    expect(violations("vspc-api-key-least-privilege", TYPES.vspcApiKey, { ...ok, isReadAccessOnly: false, description: "sync [allow-write]" })).toEqual([]);
    expect(violations("vspc-api-key-least-privilege", TYPES.vspcApiKey, { ...ok, scopes: ["rest", "ui"], description: " " })).toEqual([
      "The API key has no description: say what it is for.",
      'The API key has the "ui" scope: API keys are for REST and integrations.',
    ]);
  });

  it("vspc-company-quotas-required", () => {
    const full = { companyServices: { remoteServices: { backupAgentsManagement: { workstationAgentsQuota: 1, serverAgentsQuota: 1 }, backupServersManagement: { backupServerQuota: 1 } } } };
    expect(violations("vspc-company-quotas-required", TYPES.vspcCompany, full)).toEqual([]);
    expect(violations("vspc-company-quotas-required", TYPES.vspcCompany, {})).toEqual([
      "companyServices.remoteServices.backupAgentsManagement.workstationAgentsQuota is not set (unlimited).",
      "companyServices.remoteServices.backupAgentsManagement.serverAgentsQuota is not set (unlimited).",
      "companyServices.remoteServices.backupServersManagement.backupServerQuota is not set (unlimited).",
    ]);
  });

  it("sdp-vcenter-link-local", () => {
    expect(violations("sdp-vcenter-link-local", TYPES.sdpVcenter, { linkLocalAddress: "169.254.127.132" })).toEqual([]);
    expect(violations("sdp-vcenter-link-local", TYPES.sdpVcenter, {})).toEqual([]);
    expect(violations("sdp-vcenter-link-local", TYPES.sdpVcenter, { linkLocalAddress: "10.1.2.3" })).toEqual(["linkLocalAddress 10.1.2.3 is not in 169.254.0.0/16."]);
  });

  it("sdp-vsphere-contract-cap", () => {
    expect(violations("sdp-vsphere-contract-cap", TYPES.sdpVsphereContract, { contractYear: 1, cores: 256 })).toEqual([]);
    expect(violations("sdp-vsphere-contract-cap", TYPES.sdpVsphereContract, { contractYear: 5, cores: 300 })).toEqual(["cores 300 exceed the cap of 256.", "contractYear 5 is not one of 1, 3."]);
    expect(violations("sdp-vsphere-contract-cap", TYPES.sdpVsphereContract, { contractYear: 3, cores: 300 }, { maxCores: 512 })).toEqual([]);
  });

  it("scp-proxy-image-private", () => {
    expect(violations("scp-proxy-image-private", TYPES.scpProxyImage, { ownerId: "admin" })).toEqual([]);
    expect(violations("scp-proxy-image-private", TYPES.scpProxyImage, { ownerId: "", isPublic: true })).toEqual(["The backup-proxy image has no ownerId.", "The backup-proxy image is public."]);
    expect(violations("scp-proxy-image-private", TYPES.scpVmaImage, { ownerId: "admin" })).toEqual([]);
    expect(violations("scp-proxy-image-private", TYPES.scpVmaImage, { ownerId: " " })).toEqual(["The backup-proxy image has no ownerId."]);
  });

  it("credential-strength names the resource and field, never the value", () => {
    expect(violations("credential-strength", TYPES.sdpServer, { adminPass: "Long-Enough-Passw0rd" })).toEqual([]);
    const found = violations("credential-strength", TYPES.vspcCompany, { ownerPassword: "weakpassword" });
    expect(found).toEqual(["r.ownerPassword is too weak: it needs at least 12 characters from 3 of lower case, upper case, digits and symbols."]);
    expect(found.join()).not.toContain("weakpassword");
    expect(violations("credential-strength", TYPES.sppHypervisor, { password: "Short-1" })).toEqual(["r.password is too weak: it needs at least 12 characters from 3 of lower case, upper case, digits and symbols."]);
    expect(violations("credential-strength", TYPES.sppHypervisor, { password: "Short-1" }, { minLength: 6 })).toEqual([]);
  });

  it("sdp-cluster-min-servers (stack)", () => {
    const cluster = { type: TYPES.dedicatedVsphereCluster, name: "dc", urn: "urn:dc", props: {} };
    const server = (n: number) => ({ type: TYPES.sdpServer, name: `s${n}`, urn: `urn:s${n}`, props: {}, parent: { urn: "urn:dc" } });
    expect(stackViolations("sdp-cluster-min-servers", [cluster, server(1), server(2)])).toEqual([]);
    expect(stackViolations("sdp-cluster-min-servers", [cluster, server(1)])).toEqual(["DedicatedVsphereCluster dc has 1 server(s); at least 2 are required."]);
    expect(stackViolations("sdp-cluster-min-servers", [cluster, server(1)], { minServers: 1 })).toEqual([]);
  });

  it("every-vcenter-protected (stack)", () => {
    const vc = { type: TYPES.sdpVcenter, name: "vc", urn: "urn:vc", props: { linkLocalAddress: "169.254.127.132" } };
    const spp = { type: TYPES.sppHypervisor, name: "h", urn: "urn:h", props: { hostAddress: "169.254.127.132" } };
    expect(stackViolations("every-vcenter-protected", [vc, spp])).toEqual([]);
    expect(stackViolations("every-vcenter-protected", [vc])).toEqual(["vCenter vc (169.254.127.132) is not registered with Spectrum Protect Plus."]);
  });
});

/**
 * The provider plugin serves the same resources as `backupinfra:<module>:<Name>` (Python, Go and
 * YAML programs use those), with the same property names. Each rule that checks a resource type
 * must report a violating resource under its plugin token exactly as under its dynamic one.
 */
describe("policy rules match the provider plugin's tokens too", () => {
  const PLUGIN = {
    sppHypervisor: "backupinfra:spp:Hypervisor",
    vspcCompany: "backupinfra:vspc:Company",
    vspcApiKey: "backupinfra:vspc:ApiKey",
    sdpServer: "backupinfra:sdp:Server",
    sdpVcenter: "backupinfra:sdp:Vcenter",
    sdpVsphereContract: "backupinfra:sdp:VsphereContract",
    scpProxyImage: "backupinfra:scp:BackupProxyImage",
    scpVmaImage: "backupinfra:scp:VmaImage",
  } as const;

  it("the plugin tokens spelled here are the descriptors' own", () => {
    expect(sppHypervisor.type.pluginToken).toBe(PLUGIN.sppHypervisor);
    expect([vspcCompany, vspcApiKey, sdpServer, sdpVcenter, sdpVsphereContract, scpBackupProxyImage, scpVmaImage].map((d) => d.type.pluginToken)).toEqual([
      PLUGIN.vspcCompany,
      PLUGIN.vspcApiKey,
      PLUGIN.sdpServer,
      PLUGIN.sdpVcenter,
      PLUGIN.sdpVsphereContract,
      PLUGIN.scpProxyImage,
      PLUGIN.scpVmaImage,
    ]);
  });

  it("TOKENS gives each resource type both tokens, dynamic first; the component has only its own; TYPES is the first", () => {
    expect(TOKENS.sppHypervisor).toEqual(["pulumi-nodejs:dynamic/spp:SppHypervisor", PLUGIN.sppHypervisor]);
    for (const key of Object.keys(PLUGIN) as (keyof typeof PLUGIN)[]) expect(TOKENS[key]).toEqual([TYPES[key], PLUGIN[key]]);
    expect(TOKENS.dedicatedVsphereCluster).toEqual(["backupinfra:index:DedicatedVsphereCluster"]);
    expect(Object.keys(TOKENS).sort()).toEqual([...Object.keys(PLUGIN), "dedicatedVsphereCluster"].sort());
    expect(Object.keys(TYPES)).toEqual(Object.keys(TOKENS));
  });

  it("isType matches a resource under any token of the type named by any of its tokens, and nothing else", () => {
    for (const key of Object.keys(TOKENS) as (keyof typeof TOKENS)[]) {
      for (const named of TOKENS[key]) for (const given of TOKENS[key]) expect(isType({ type: given }, named)).toBe(true);
    }
    expect(isType({ type: PLUGIN.sdpServer }, TYPES.sppHypervisor)).toBe(false);
    expect(isType({ type: TYPES.sppHypervisor }, PLUGIN.sdpServer)).toBe(false);
    expect(isType({ type: "backupinfra:spp:Server" }, TYPES.sppHypervisor)).toBe(false);
    expect(isType({ type: "acme:x:Y" }, "acme:x:Y")).toBe(true);
    expect(isType({ type: "acme:x:Z" }, "acme:x:Y")).toBe(false);
  });

  it("no rule matches a type on its own (===, a token-keyed table, validateResourceOfType): all go through isType", () => {
    const dir = join(__dirname, "../../policies/rules");
    const own = /\.type\s*[!=]==|[!=]==\s*[\w.]*\.type\b|\[\s*[\w.]*\.type\s*\]|\.type\.startsWith|\.type\.endsWith|validateResourceOfType|validateStackResourcesOfType|resourceType|\.isType\(|__provider/;
    const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
    expect(files).toHaveLength(RULE_NAMES.length);
    for (const file of files) expect({ file, lines: readFileSync(join(dir, file), "utf8").split("\n").filter((l) => own.test(l)) }).toEqual({ file, lines: [] });
  });

  // Every resource rule with one violating resource per type it checks, and what it reports.
  const cases: { rule: string; key: keyof typeof PLUGIN; props: Record<string, unknown>; options?: object; expected: string[] }[] = [
    { rule: "spp-hypervisor-requires-ssl", key: "sppHypervisor", props: { hostAddress: "vc", type: "vmware", sslConnection: false, portNumber: 80 }, expected: ['SppHypervisor "vc" disables sslConnection.', 'SppHypervisor "vc" uses port 80; vmware over SSL uses 443.'] },
    { rule: "spp-snapshot-concurrency-range", key: "sppHypervisor", props: { snapshotConcurrency: 9 }, expected: ["snapshotConcurrency 9 is outside 1..8."] },
    { rule: "spp-snapshot-concurrency-range", key: "sppHypervisor", props: { snapshotConcurrency: 20 }, options: { max: 16 }, expected: ["snapshotConcurrency 20 is outside 1..16."] },
    { rule: "vspc-api-key-least-privilege", key: "vspcApiKey", props: { description: " ", isReadAccessOnly: false, scopes: ["ui"] }, expected: ["The API key has no description: say what it is for.", 'The API key may write: set isReadAccessOnly, or put "[allow-write]" in its description to allow it.', 'The API key has the "ui" scope: API keys are for REST and integrations.'] },
    { rule: "vspc-company-quotas-required", key: "vspcCompany", props: { companyServices: { remoteServices: { backupAgentsManagement: { workstationAgentsQuota: 1, serverAgentsQuota: 1 } } } }, expected: ["companyServices.remoteServices.backupServersManagement.backupServerQuota is not set (unlimited)."] },
    { rule: "sdp-vcenter-link-local", key: "sdpVcenter", props: { linkLocalAddress: "10.1.2.3" }, expected: ["linkLocalAddress 10.1.2.3 is not in 169.254.0.0/16."] },
    { rule: "sdp-vsphere-contract-cap", key: "sdpVsphereContract", props: { contractYear: 5, cores: 300 }, expected: ["cores 300 exceed the cap of 256.", "contractYear 5 is not one of 1, 3."] },
    { rule: "scp-proxy-image-private", key: "scpProxyImage", props: { ownerId: "", isPublic: true }, expected: ["The backup-proxy image has no ownerId.", "The backup-proxy image is public."] },
    { rule: "scp-proxy-image-private", key: "scpVmaImage", props: { ownerId: " " }, expected: ["The backup-proxy image has no ownerId."] },
    { rule: "credential-strength", key: "sdpServer", props: { adminPass: "weakpassword" }, expected: ["r.adminPass is too weak: it needs at least 12 characters from 3 of lower case, upper case, digits and symbols."] },
    { rule: "credential-strength", key: "sdpVcenter", props: { password: "weakpassword" }, expected: ["r.password is too weak: it needs at least 12 characters from 3 of lower case, upper case, digits and symbols."] },
    { rule: "credential-strength", key: "vspcCompany", props: { ownerPassword: "weakpassword" }, expected: ["r.ownerPassword is too weak: it needs at least 12 characters from 3 of lower case, upper case, digits and symbols."] },
    { rule: "credential-strength", key: "sppHypervisor", props: { password: "Short-1" }, expected: ["r.password is too weak: it needs at least 12 characters from 3 of lower case, upper case, digits and symbols."] },
  ];

  it("every resource rule that checks a type has a case here", () => {
    const stackRules = ["sdp-cluster-min-servers", "every-vcenter-protected"];
    expect(new Set(cases.map((c) => c.rule))).toEqual(new Set(RULE_NAMES.filter((n) => !stackRules.includes(n))));
  });

  it.each(cases.map((c) => [`${c.rule} on ${PLUGIN[c.key]}`, c] as const))("%s reports as on the dynamic token", (_, c) => {
    expect(violations(c.rule, TYPES[c.key], c.props, c.options)).toEqual(c.expected);
    expect(violations(c.rule, PLUGIN[c.key], c.props, c.options)).toEqual(c.expected);
  });

  it("a plugin resource of another type is not checked", () => {
    expect(violations("spp-hypervisor-requires-ssl", PLUGIN.sdpServer, { sslConnection: false })).toEqual([]);
    expect(violations("sdp-vcenter-link-local", PLUGIN.sppHypervisor, { linkLocalAddress: "10.1.2.3" })).toEqual([]);
    expect(violations("credential-strength", PLUGIN.scpProxyImage, { password: "weak" })).toEqual([]);
    expect(violations("sdp-vcenter-link-local", "backupinfra:sdp:VcenterX", { linkLocalAddress: "10.1.2.3" })).toEqual([]);
  });

  it("sdp-cluster-min-servers counts plugin servers under the (dynamic-only) component", () => {
    const cluster = { type: TYPES.dedicatedVsphereCluster, name: "dc", urn: "urn:dc", props: {} };
    const server = (n: number, type: string) => ({ type, name: `s${n}`, urn: `urn:s${n}`, props: {}, parent: { urn: "urn:dc" } });
    expect(stackViolations("sdp-cluster-min-servers", [cluster, server(1, PLUGIN.sdpServer), server(2, PLUGIN.sdpServer)])).toEqual([]);
    expect(stackViolations("sdp-cluster-min-servers", [cluster, server(1, PLUGIN.sdpServer), server(2, TYPES.sdpServer)])).toEqual([]);
    expect(stackViolations("sdp-cluster-min-servers", [cluster, server(1, PLUGIN.sdpServer)])).toEqual(["DedicatedVsphereCluster dc has 1 server(s); at least 2 are required."]);
  });

  it("every-vcenter-protected sees plugin vCenters and plugin hypervisors, in any mix", () => {
    const vc = (type: string) => ({ type, name: "vc", urn: "urn:vc", props: { linkLocalAddress: "169.254.127.132" } });
    const spp = (type: string) => ({ type, name: "h", urn: "urn:h", props: { hostAddress: "169.254.127.132" } });
    const missing = ["vCenter vc (169.254.127.132) is not registered with Spectrum Protect Plus."];
    expect(stackViolations("every-vcenter-protected", [vc(PLUGIN.sdpVcenter)])).toEqual(missing);
    expect(stackViolations("every-vcenter-protected", [vc(PLUGIN.sdpVcenter), spp(PLUGIN.sppHypervisor)])).toEqual([]);
    expect(stackViolations("every-vcenter-protected", [vc(PLUGIN.sdpVcenter), spp(TYPES.sppHypervisor)])).toEqual([]);
    expect(stackViolations("every-vcenter-protected", [vc(TYPES.sdpVcenter), spp(PLUGIN.sppHypervisor)])).toEqual([]);
    expect(stackViolations("every-vcenter-protected", [vc(PLUGIN.sdpVcenter), spp(PLUGIN.sdpServer)])).toEqual(missing);
  });
});
