import { beforeAll, describe, expect, it } from "vitest";
import { setStackConfig } from "../../../providers/core/config";
import { UNKNOWN } from "../../../providers/core/unknown";
import { sppHypervisor, SppHypervisor } from "../../../providers/spp/hypervisor";
import { descriptor, provider } from "../../../providers/spp/hypervisor.provider";

const valid = { hostAddress: "10.0.0.10", type: "vmware", identityUserHref: "https://10.0.0.100/api/identity/user/2137" };

beforeAll(() => {
  setStackConfig({ get: (k) => ({ "spp:url": "https://spp.test", "spp:username": "admin", "spp:password": "admin-password" })[k] });
});

async function failures(news: Record<string, unknown>): Promise<{ property: string; reason: string }[]> {
  return (await provider.check!({}, news)).failures ?? [];
}

describe("SppHypervisor check", () => {
  it("accepts both credential forms", async () => {
    expect(await failures(valid)).toEqual([]);
    expect(await failures({ hostAddress: "hyperv.dallas.example", type: "hyperv", username: "AD\\sarah", password: "pa55word" })).toEqual([]);
  });

  it.each([
    [{ ...valid, hostAddress: 42 }, "hostAddress"],
    [{ ...valid, hostAddress: "" }, "hostAddress"],
    [{ ...valid, hostAddress: "bad host!" }, "hostAddress"],
    [{ ...valid, portNumber: 0 }, "portNumber"],
    [{ ...valid, portNumber: 65536 }, "portNumber"],
    [{ ...valid, portNumber: "443" }, "portNumber"],
    [{ ...valid, type: "xen" }, "type"],
    [{ ...valid, sslConnection: "yes" }, "sslConnection"],
    [{ ...valid, snapshotConcurrency: 0 }, "snapshotConcurrency"],
    [{ ...valid, identityUserHref: "user-2137" }, "identityUserHref"],
    [{ hostAddress: "10.0.0.10", type: "vmware" }, "username"],
    [{ ...valid, username: "sarah", password: "pa55word" }, "identityUserHref"],
    [{ hostAddress: "10.0.0.10", type: "vmware", username: "sarah" }, "password"],
    [{ ...valid, password: "pa55word" }, "password"],
    [{ ...valid, timeouts: { create: "forever" } }, "timeouts.create"],
    [{ ...valid, connection: { url: "spp.test" } }, "connection.url"],
  ])("fails %o on %s", async (news, property) => {
    const found = await failures(news);
    expect(found.map((f) => f.property)).toContain(property);
    expect(found.every((f) => f.reason.length > 0)).toBe(true);
  });

  it("explains missing credentials in words", async () => {
    expect(await failures({ hostAddress: "10.0.0.10", type: "vmware" })).toEqual([
      { property: "username", reason: "credentials are required: give identityUserHref, or username with password" },
    ]);
  });

  it("never echoes the password in a failure", async () => {
    const found = await failures({ hostAddress: "10.0.0.10", type: 7, username: "u", password: "pw-in-failure" });
    expect(JSON.stringify(found)).not.toContain("pw-in-failure");
  });

  it("reports an unconfigured connection on the connection property", async () => {
    setStackConfig(undefined);
    try {
      const found = await failures(valid);
      expect(found).toHaveLength(1);
      expect(found[0].property).toBe("connection");
      expect(found[0].reason).toBe(
        "Spectrum Protect Plus connection is incomplete: missing url and username and password. Set spp:url, SPP_URL; spp:username, SPP_USERNAME; spp:password, SPP_PASSWORD — or the resource's `connection` input.",
      );
    } finally {
      setStackConfig({ get: (k) => ({ "spp:url": "https://spp.test", "spp:username": "admin", "spp:password": "admin-password" })[k] });
    }
  });

  it("tolerates unknown values during preview", async () => {
    expect(await failures({ ...valid, hostAddress: UNKNOWN, portNumber: UNKNOWN })).toEqual([]);
  });
});

describe("SppHypervisor diff", () => {
  const olds = {
    ...valid,
    portNumber: 443,
    sslConnection: true,
    snapshotConcurrency: 3,
    serverUrl: "https://spp.test",
    name: "10.0.0.10",
  };

  it("reports no change when only defaults were spelled out", async () => {
    expect(await provider.diff!("1001", olds, { ...valid, portNumber: 443, adopt: true, timeouts: { create: "5m" } })).toEqual({
      changes: false,
      replaces: [],
      deleteBeforeReplace: false,
    });
  });

  it("updates in place for port, ssl, concurrency and credentials", async () => {
    for (const change of [{ portNumber: 8443 }, { sslConnection: false }, { snapshotConcurrency: 5 }, { identityUserHref: "https://10.0.0.100/api/identity/user/9" }]) {
      const d = await provider.diff!("1001", olds, { ...valid, ...change });
      expect(d.changes).toBe(true);
      expect(d.replaces).toEqual([]);
    }
  });

  it("replaces when the host address, type or SPP server changes", async () => {
    expect((await provider.diff!("1001", olds, { ...valid, hostAddress: "10.0.0.11" })).replaces).toEqual(["hostAddress"]);
    expect((await provider.diff!("1001", olds, { ...valid, type: "hyperv" })).replaces).toEqual(["type"]);
    expect((await provider.diff!("1001", olds, { ...valid, connection: { url: "https://other-spp.test" } })).replaces).toEqual(["serverUrl"]);
  });

  it("still applies defaults to known inputs when another input is unknown", async () => {
    expect(await provider.diff!("1001", olds, { ...valid, timeouts: { create: UNKNOWN } })).toMatchObject({ changes: false });
    expect(await provider.diff!("1001", olds, { ...valid, snapshotConcurrency: UNKNOWN })).toMatchObject({ changes: true, replaces: [] });
  });

  it("treats an unknown replace-on input as a possible replacement", async () => {
    const d = await provider.diff!("1001", olds, { ...valid, hostAddress: UNKNOWN });
    expect(d).toMatchObject({ changes: true, replaces: ["hostAddress"] });
  });
});

describe("SppHypervisor's descriptor", () => {
  it("says what every change does, what is secret and what create alone sets", () => {
    expect(descriptor.type.token).toBe("pulumi-nodejs:dynamic/spp:SppHypervisor");
    expect(descriptor.type.pluginToken).toBe("backupinfra:spp:Hypervisor");
    expect(sppHypervisor.replaceOn).toEqual(["hostAddress", "type", "serverUrl"]);
    expect(sppHypervisor.updateOn).toEqual(["portNumber", "sslConnection", "identityUserHref", "username", "password", "snapshotConcurrency"]);
    expect(sppHypervisor.derived).toEqual(["serverUrl"]);
    expect(sppHypervisor.secretInputs).toEqual(["password", "connection"]);
    expect(SppHypervisor.secretOutputs).toEqual([]);
    expect(sppHypervisor.createOnly).toEqual(["adopted"]);
  });

  it("takes serverUrl from the connection, never from the program", async () => {
    expect(await failures({ ...valid, serverUrl: "https://elsewhere.test" })).toEqual([{ property: "serverUrl", reason: "is not an input: it is the url the connection resolves to" }]);
    await expect(provider.create({ ...valid, serverUrl: "https://elsewhere.test", __provider: "shim" })).rejects.toThrow(/invalid inputs: serverUrl is not an input/);
  });

  it("is no change when the SPP server cannot be resolved (a url it would need is missing)", async () => {
    setStackConfig(undefined);
    try {
      const olds = { ...valid, portNumber: 443, sslConnection: true, snapshotConcurrency: 3, serverUrl: "https://spp.test" };
      expect(await provider.diff!("1001", olds, valid)).toMatchObject({ changes: false, replaces: [] });
    } finally {
      setStackConfig({ get: (k) => ({ "spp:url": "https://spp.test", "spp:username": "admin", "spp:password": "admin-password" })[k] });
    }
  });
});
