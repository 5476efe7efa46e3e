import type { Policy, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { backupInfraPolicies, RULE_NAMES, TYPES } from "../../policies/library";

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
