import { expect } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../../emulators";
import { urnOf, type EngineContext, type VendorLifecycles } from "../engine";

export const COMPANY_URN = urnOf("VspcCompany", "tenant");
export const KEY_URN = urnOf("VspcApiKey", "key");
const OWNER_PASSWORD = "Engine-Owner-Passw0rd";

export const companyArgs = {
  organization: { name: "EngineCo", email: "ops@engineco.example", city: "Lisbon" },
  ownerUserName: "engineco-owner",
  ownerPassword: OWNER_PASSWORD,
  companyServices: { remoteServices: { isBackupResourcesEnabled: true, backupServersManagement: { backupServerQuota: 2 } } },
};

/** The company and an API key of its owner: create, update, replace diff, refresh after drift, delete; one token for it all. */
async function companyAndKeyLifecycle({ host, emu, capture }: EngineContext<VspcEmulator>): Promise<void> {
  const company = await capture("VspcCompany", companyArgs);
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

  const key = await capture("VspcApiKey", { userUid: String(created.properties.ownerUserUid), scopes: ["rest"], isReadAccessOnly: true, description: "portal" });
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

  expect(host.output()).not.toContain(apiKey);
  expect(emu.count("POST", "/api/v3/token")).toBe(1);
}

export const VSPC: VendorLifecycles<VspcEmulator> = {
  vendor: "vspc",
  start: () => startVspcEmulator({ knobs: { asyncMs: 50 } }),
  config: (emu) => emu.stackConfig(),
  lifecycles: [{ name: "VspcCompany and VspcApiKey: create, update, refresh after drift, delete", run: companyAndKeyLifecycle }],
  secrets: ({ emu }) => [OWNER_PASSWORD, emu.credentials.password],
};
