import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../emulators";
import { startProviderHost, type ProviderHost } from "../../harness";
import { REPO_ROOT, captureResource, requireBuilt } from "./project";

let emu: VspcEmulator;
let host: ProviderHost;

const COMPANY_URN = "urn:pulumi:test::backup-infra::pulumi-nodejs:dynamic/vspc:VspcCompany::tenant";
const KEY_URN = "urn:pulumi:test::backup-infra::pulumi-nodejs:dynamic/vspc:VspcApiKey::key";
const OWNER_PASSWORD = "Engine-Owner-Passw0rd";

const companyArgs = {
  organization: { name: "EngineCo", email: "ops@engineco.example", city: "Lisbon" },
  ownerUserName: "engineco-owner",
  ownerPassword: OWNER_PASSWORD,
  companyServices: { remoteServices: { isBackupResourcesEnabled: true, backupServersManagement: { backupServerQuota: 2 } } },
};

beforeAll(async () => {
  requireBuilt();
  emu = await startVspcEmulator();
  const config = { "vspc:url": emu.url, "vspc:username": emu.credentials.username, "vspc:password": emu.credentials.password, "vspc:caCert": emu.caCert ?? "" };
  host = await startProviderHost({ cwd: REPO_ROOT, project: "backup-infra", config, env: { BACKUP_INFRA_LOG: "debug" } });
  await host.configure(config);
});
afterAll(async () => {
  await host?.close();
  await emu?.close();
});

describe("VspcCompany and VspcApiKey through @pulumi/pulumi's dynamic-provider host", () => {
  it("runs both lifecycles, keeping the key and the owner password out of the host's output", async () => {
    const company = await captureResource(REPO_ROOT, "VspcCompany", companyArgs);
    expect(company.secretInputs).toContain("ownerPassword");
    expect(Buffer.byteLength(company.providerText ?? "")).toBeLessThan(4 * 1024);

    const checked = await host.check(COMPANY_URN, {}, company.inputs);
    expect(checked.failures).toEqual([]);
    const created = await host.create(COMPANY_URN, checked.inputs);
    expect(created.properties).toMatchObject({ organization: { name: "EngineCo" }, status: "Active", ownerUserUid: expect.any(String) });
    expect((await host.diff(created.id, COMPANY_URN, created.properties, company.inputs)).changes).toBe("none");

    const moved = { ...company.inputs, organization: { ...companyArgs.organization, city: "Porto" } };
    expect(await host.diff(created.id, COMPANY_URN, created.properties, moved)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const updated = await host.update(created.id, COMPANY_URN, created.properties, moved);
    expect(updated.properties.organization).toMatchObject({ city: "Porto" });
    expect((await host.diff(created.id, COMPANY_URN, updated.properties, { ...moved, ownerUserName: "someone-else" })).replaces).toEqual(["ownerUserName"]);

    const key = await captureResource(REPO_ROOT, "VspcApiKey", { userUid: String(created.properties.ownerUserUid), scopes: ["rest"], isReadAccessOnly: true, description: "portal" });
    const keyCreated = await host.create(KEY_URN, (await host.check(KEY_URN, {}, key.inputs)).inputs);
    const apiKey = String(keyCreated.properties.apiKey);
    expect(apiKey).toMatch(/^[0-9a-f]{96}$/);
    const keyRead = await host.read(keyCreated.id, KEY_URN, keyCreated.properties);
    expect(keyRead.properties.apiKey).toBe(apiKey);
    const disabled = await host.update(keyCreated.id, KEY_URN, keyRead.properties, { ...key.inputs, enabled: false });
    expect(disabled.properties).toMatchObject({ enabled: false, apiKey });
    await host.delete(keyCreated.id, KEY_URN, disabled.properties);
    expect((await host.read(keyCreated.id, KEY_URN, disabled.properties)).id).toBe("");

    emu.renameOrganization(created.id, "EngineCo Renamed");
    expect(((await host.read(created.id, COMPANY_URN, updated.properties)).properties.organization as { name: string }).name).toBe("EngineCo Renamed");
    await host.delete(created.id, COMPANY_URN, updated.properties);
    expect((await host.read(created.id, COMPANY_URN, updated.properties)).id).toBe("");
    expect(emu.inventory().companies).toEqual([]);

    for (const secret of [apiKey, OWNER_PASSWORD, emu.credentials.password]) expect(host.output()).not.toContain(secret);
    expect(emu.count("POST", "/api/v3/token")).toBe(1);
  });

  it("returns check failures with property paths and sends nothing", async () => {
    emu.clearLog();
    const bad = await captureResource(REPO_ROOT, "VspcCompany", { ...companyArgs, organization: { name: "", email: "nope" } });
    const failures = (await host.check(COMPANY_URN, {}, bad.inputs)).failures.map((f) => f.property).sort();
    expect(failures).toEqual(["organization.email", "organization.name"]);
    const badKey = await captureResource(REPO_ROOT, "VspcApiKey", { userUid: "0b2d5b0e-1111-4a8f-9d6e-000000000000", scopes: ["shell"] });
    expect((await host.check(KEY_URN, {}, badKey.inputs)).failures.map((f) => f.property)).toEqual(["scopes[0]"]);
    expect(emu.requests()).toHaveLength(0);
  });
});
