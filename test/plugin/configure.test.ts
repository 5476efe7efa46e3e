import { afterEach, describe, expect, it } from "vitest";
import { setStackConfig } from "../../providers/core/config";
import { configureFrom, pluginConfigKey } from "../../providers/plugin/configure";
import { resolveSppConnection } from "../../providers/spp/connection";

/** The engine's ConfigureRequest as the plugin reads it: `variables`, keyed as the engine keys them. */
const request = (variables: Record<string, string>) => ({ getVariablesMap: () => ({ forEach: (f: (value: string, key: string) => void) => Object.entries(variables).forEach(([k, v]) => f(v, k)) }) });

afterEach(() => {
  setStackConfig(undefined);
  delete process.env.SPP_URL;
});

describe("the plugin's stack config", () => {
  it("names each vendor setting backupinfra:<vendor><Setting>", () => {
    expect(pluginConfigKey("spp", "url")).toBe("backupinfra:sppUrl");
    expect(pluginConfigKey("sdp", "tenantId")).toBe("backupinfra:sdpTenantId");
  });

  it("hands the vendors' resolvers what Configure carried (as backupinfra:<key> or backupinfra:config:<key>)", () => {
    configureFrom(request({ "backupinfra:sppUrl": "https://spp.example", "backupinfra:config:sppUsername": "admin", "backupinfra:sppPassword": "secret-Passw0rd" }));
    expect(resolveSppConnection(undefined)).toMatchObject({ url: "https://spp.example", username: "admin", password: "secret-Passw0rd" });
  });

  it("falls back to the environment, and names the plugin's keys when a setting is missing", () => {
    configureFrom(request({ "backupinfra:sppUsername": "admin" }));
    process.env.SPP_URL = "https://from-env.example";
    expect(() => resolveSppConnection(undefined)).toThrow("Spectrum Protect Plus connection is incomplete: missing password. Set backupinfra:sppPassword, SPP_PASSWORD");
    configureFrom(request({ "backupinfra:sppUsername": "admin", "backupinfra:sppPassword": "secret-Passw0rd" }));
    expect(resolveSppConnection(undefined).url).toBe("https://from-env.example");
  });

  it("leaves the dynamic providers' spelling alone (spp:url)", () => {
    setStackConfig({ get: (key) => ({ "spp:url": "https://dyn.example", "spp:username": "u", "spp:password": "secret-Passw0rd" })[key] });
    expect(resolveSppConnection(undefined).url).toBe("https://dyn.example");
    setStackConfig({ get: () => undefined });
    expect(() => resolveSppConnection(undefined)).toThrow("Set spp:url, SPP_URL");
  });
});
