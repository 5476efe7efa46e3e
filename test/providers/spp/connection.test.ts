import { afterEach, describe, expect, it } from "vitest";
import { setStackConfig } from "../../../providers/core/config";
import { ConfigError } from "../../../providers/core/errors";
import { redact } from "../../../providers/core/redact";
import { resolveSppConnection, sppConnection } from "../../../providers/spp/connection";
import { zodOf } from "../../../providers/program/zod-of";

afterEach(() => {
  setStackConfig(undefined);
  delete process.env.SPP_URL;
  delete process.env.SPP_PASSWORD;
});

describe("resolveSppConnection", () => {
  it("says which keys are missing and where to set each", () => {
    process.env.SPP_URL = "https://spp.env";
    const error = (() => {
      try {
        resolveSppConnection(undefined);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      "Spectrum Protect Plus connection is incomplete: missing username and password. Set spp:username, SPP_USERNAME; spp:password, SPP_PASSWORD — or the resource's `connection` input.",
    );
  });

  it("reads insecure and caCert from stack config", () => {
    setStackConfig({ get: (k) => ({ "spp:url": "https://spp", "spp:username": "a", "spp:password": "pw-pw", "spp:insecure": "true" })[k] });
    expect(resolveSppConnection(undefined)).toEqual({ url: "https://spp", username: "a", password: "pw-pw", insecure: true, caCert: undefined });
  });

  it("takes the resource's connection over stack config over the environment, and masks the password from then on", () => {
    process.env.SPP_PASSWORD = "Env-Spp-Passw0rd";
    setStackConfig({ get: (k) => ({ "spp:url": "https://from-config", "spp:username": "config-user" })[k] });
    expect(resolveSppConnection({ url: "https://from-input" })).toMatchObject({ url: "https://from-input", username: "config-user", password: "Env-Spp-Passw0rd" });
    expect(redact("x Env-Spp-Passw0rd y")).toBe("x [redacted] y");
  });
});

describe("the SppHypervisor connection input", () => {
  it("validates each setting and refuses unknown ones", () => {
    expect(zodOf(sppConnection.schema).safeParse({ url: "https://spp.example.com", username: "u", password: "pw-pw", caCert: "pem", insecure: false }).success).toBe(true);
    const issues = (value: unknown) => zodOf(sppConnection.schema).safeParse(value).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ url: "spp.example.com" })).toEqual(["url: must be an http(s) URL such as https://spp.example.com"]);
    expect(issues({ password: "pw" })).toEqual(["password: must be at least 4 characters"]);
    expect(issues({ insecure: "yes" })?.[0]).toMatch(/^insecure: /);
    expect(issues({ token: "t" })?.[0]).toMatch(/token/);
  });

  it("is never a change by itself and masks its password", () => {
    expect(sppConnection.input.change).toBe("none");
    expect(sppConnection.input.secret).toEqual(["password"]);
  });
});
