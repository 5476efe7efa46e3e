import { afterEach, describe, expect, it } from "vitest";
import { envName, parseBoolean, resolveSettings, setStackConfig } from "../../../providers/core/config";
import { redact } from "../../../providers/core/redact";

const specs = [{ name: "url" }, { name: "caCert" }, { name: "password", secret: true }] as const;

afterEach(() => {
  setStackConfig(undefined);
  delete process.env.TESTV_URL;
  delete process.env.TESTV_CA_CERT;
  delete process.env.TESTV_PASSWORD;
});

describe("resolveSettings", () => {
  it("names environment variables in upper snake case", () => {
    expect(envName("spp", "caCert")).toBe("SPP_CA_CERT");
    expect(envName("vspc", "apiKey")).toBe("VSPC_API_KEY");
  });

  it("prefers the resource's connection, then stack config, then the environment", () => {
    process.env.TESTV_URL = "https://from-env";
    process.env.TESTV_CA_CERT = "env-ca";
    process.env.TESTV_PASSWORD = "env-password";
    setStackConfig({ get: (k) => ({ "testv:url": "https://from-config", "testv:caCert": "" })[k] });
    expect(resolveSettings("testv", specs, { url: "https://from-input" })).toEqual({
      url: "https://from-input",
      caCert: "env-ca",
      password: "env-password",
    });
    expect(resolveSettings("testv", specs, undefined).url).toBe("https://from-config");
    setStackConfig(undefined);
    expect(resolveSettings("testv", specs, {}).url).toBe("https://from-env");
  });

  it("registers secret settings for redaction as soon as they are read", () => {
    resolveSettings("testv", specs, { password: "Resolved-Secret-9" });
    expect(redact("x Resolved-Secret-9 y")).toBe("x [redacted] y");
  });

  it("parses boolean settings", () => {
    expect(parseBoolean("TRUE")).toBe(true);
    expect(parseBoolean("1")).toBe(true);
    expect(parseBoolean("false")).toBe(false);
    expect(parseBoolean(undefined)).toBeUndefined();
  });
});
