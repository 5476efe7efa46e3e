import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { SdpServer, SdpVsphereContract, SppHypervisor, VspcApiKey } from "../../../providers";

const registered: { type: string; inputs: Record<string, unknown> }[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, portNumber: 443, availabilityZone: "zone1-groupa", enabled: true, contractRenewal: false } };
      },
      call: () => ({}),
    },
    "classes",
    "test",
    false,
  );
});

const value = <T>(o: pulumi.Output<T>): Promise<T> => new Promise((resolve) => o.apply(resolve));

describe("resource classes", () => {
  it("declare outputs whose inputs are optional, so they exist when the input is left out", async () => {
    const h = new SppHypervisor("h", { hostAddress: "h.example", type: "vmware", identityUserHref: "https://spp/api/identity/user/1" });
    const s = new SdpServer("s", { name: "s", adminPass: "Passw0rd-123", imageRef: "i", flavorRef: "f", networks: [] });
    const k = new VspcApiKey("k", { userUid: "u", scopes: ["rest"] });
    const c = new SdpVsphereContract("c", { contractYear: 1, cores: 8 });
    expect(await value(h.portNumber)).toBe(443);
    expect(await value(s.availabilityZone)).toBe("zone1-groupa");
    expect(await value(k.enabled)).toBe(true);
    expect(await value(c.contractRenewal)).toBe(false);
  });

  it("use per-vendor type tokens, pulumi-nodejs:dynamic/<vendor>:<Type>", () => {
    expect(registered.map((r) => r.type)).toEqual(
      expect.arrayContaining(["pulumi-nodejs:dynamic/spp:SppHypervisor", "pulumi-nodejs:dynamic/sdp:SdpServer", "pulumi-nodejs:dynamic/vspc:VspcApiKey"]),
    );
  });
});
