import { expect } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../../emulators";
import { PLACEHOLDER_REFS, valueAt, vspcApiKey as KEY, vspcCompany as COMPANY } from "../../fixtures";
import { urnOf, type EngineContext, type VendorLifecycles } from "../engine";

export const COMPANY_URN = urnOf("VspcCompany", "tenant");
export const KEY_URN = urnOf("VspcApiKey", "key");

export const companyArgs = COMPANY.args("EngineCo", PLACEHOLDER_REFS);

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

  const moved = COMPANY.update.apply(company.inputs);
  expect(await host.diff(created.id, COMPANY_URN, created.properties, moved)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
  const updated = await host.update(created.id, COMPANY_URN, created.properties, moved);
  expect(updated.properties).toMatchObject(COMPANY.update.outputs(moved));
  expect((await host.diff(created.id, COMPANY_URN, updated.properties, COMPANY.replace.apply(moved))).replaces).toEqual(COMPANY.replace.replaces);

  const key = await capture("VspcApiKey", KEY.args("portal", { ...PLACEHOLDER_REFS, vspcUserUid: String(created.properties.ownerUserUid) }));
  const keyCreated = await host.create(KEY_URN, (await host.check(KEY_URN, {}, key.inputs)).inputs);
  const apiKey = String(keyCreated.properties.apiKey);
  expect(apiKey).toMatch(/^[0-9a-f]{96}$/);
  const keyRead = await host.read(keyCreated.id, KEY_URN, keyCreated.properties);
  expect(keyRead.properties.apiKey).toBe(apiKey);
  const disabled = KEY.update.apply(key.inputs);
  const keyUpdated = await host.update(keyCreated.id, KEY_URN, keyRead.properties, disabled);
  expect(keyUpdated.properties).toMatchObject({ ...KEY.update.outputs(disabled), apiKey });
  await host.delete(keyCreated.id, KEY_URN, keyUpdated.properties);
  expect((await host.read(keyCreated.id, KEY_URN, keyUpdated.properties)).id).toBe("");

  COMPANY.mutate.apply(emu, created.id);
  expect(valueAt((await host.read(created.id, COMPANY_URN, updated.properties)).properties, COMPANY.mutate.property)).toEqual(COMPANY.mutate.value);
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
  secrets: ({ emu }) => [...COMPANY.secrets, ...KEY.secrets, emu.credentials.password],
};
