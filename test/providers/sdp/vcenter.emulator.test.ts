import { describe, expect, it } from "vitest";
import { provider } from "../../../providers/sdp/vcenter.provider";
import { useSdpEmulator } from "./setup";

const emu = useSdpEmulator({ knobs: { meteringMs: 100 } }, { clearFaults: false });

const args = (extra: Record<string, unknown> = {}) => ({ linkLocalAddress: "169.254.127.133", password: "Vcenter-Passw0rd", licenseId: "bac8b95f-77b9-439a-ac43-53566502ff3f", ...extra });

describe("SdpVcenter against the SDP emulator", () => {
  it("registers with the seed's body, shows metering later, updates in place and unregisters", async () => {
    const { id, outs } = await provider.create({ ...args(), __provider: "shim" });
    expect(emu.requests().find((r) => r.method === "POST" && r.path.endsWith("/vcenters"))?.body).toEqual({
      vcenter: { link_local_address: "169.254.127.133", password: "Vcenter-Passw0rd", license_id: "bac8b95f-77b9-439a-ac43-53566502ff3f" },
    });
    expect(outs).toMatchObject({ linkLocalAddress: "169.254.127.133", version: null, meteringHealth: null });
    await new Promise((r) => setTimeout(r, 150));
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ version: "8.0.2.00400", instanceName: expect.stringMatching(/^vcenter-/), meteringHealth: true });
    expect(await provider.diff!(id, read.props!, args())).toMatchObject({ changes: false });
    expect(await provider.diff!(id, read.props!, args({ password: "Rotated-Passw0rd" }))).toMatchObject({ changes: true, replaces: [] });
    const moved = await provider.update!(id, read.props!, { ...args({ linkLocalAddress: "169.254.127.134", password: "Rotated-Passw0rd" }), __provider: "shim" });
    expect(moved.outs).toMatchObject({ linkLocalAddress: "169.254.127.134" });
    expect(emu.requests().find((r) => r.method === "PUT")?.body).toEqual({
      vcenter: { link_local_address: "169.254.127.134", password: "Rotated-Passw0rd", license_id: "bac8b95f-77b9-439a-ac43-53566502ff3f" },
    });
    expect(JSON.stringify(emu.inventory())).not.toContain("Rotated-Passw0rd");
    await provider.delete!(id, moved.outs!);
    expect(await provider.read!(id, moved.outs!)).toEqual({});
  });

  it("adopts a vCenter registered at the same address when asked", async () => {
    const first = await provider.create({ ...args({ linkLocalAddress: "169.254.127.135" }), __provider: "shim" });
    await expect(provider.create({ ...args({ linkLocalAddress: "169.254.127.135" }), __provider: "shim" })).rejects.toThrow(
      new RegExp(`^SdpVcenter "169\\.254\\.127\\.135" create failed: a vCenter registered at this address already exists \\(${first.id}\\)\\. Set adopt: true`),
    );
    const adopted = await provider.create({ ...args({ linkLocalAddress: "169.254.127.135", adopt: true }), __provider: "shim" });
    expect(adopted).toMatchObject({ id: first.id, outs: { adopted: true } });
    await provider.delete!(first.id, first.outs!);
  });

  it("recognises the seed's bare 400 to a register as 'address in use' only when a vCenter holds the address", async () => {
    const seedBody = { badRequest: { code: 400, message: "Request Parameter Error:\\n" } };
    const first = await provider.create({ ...args({ linkLocalAddress: "169.254.127.136" }), __provider: "shim" });
    emu.addFaults([{ method: "POST", path: "/v1.0/:tenantId/vcenters", kind: { type: "status", status: 400, body: seedBody } }]);
    await expect(provider.create({ ...args({ linkLocalAddress: "169.254.127.136" }), __provider: "shim" })).rejects.toThrow(
      new RegExp(
        `^SdpVcenter "169\\.254\\.127\\.136" create failed: a vCenter registered at this address already exists \\(${first.id}\\)\\. Set adopt: true to manage it with Pulumi\\. ` +
          "SDP's answer: Request Parameter Error: \\[Smart Data Platform badRequest, HTTP 400, POST /vcenters\\]$",
      ),
    );
    emu.addFaults([{ method: "POST", path: "/v1.0/:tenantId/vcenters", kind: { type: "status", status: 400, body: seedBody } }]);
    const other = (await provider.create({ ...args({ linkLocalAddress: "169.254.127.137" }), __provider: "shim" }).catch((e: Error) => e)) as Error;
    expect(other.message).toMatch(/Request Parameter Error: \[Smart Data Platform badRequest, HTTP 400, POST \/vcenters\]/);
    expect(other.message).not.toMatch(/adopt/);
    await provider.delete!(first.id, first.outs!);
  });

  it("takes a free address when none is given, and keeps it on later diffs", async () => {
    const { linkLocalAddress: _given, ...withoutAddress } = args();
    const made = await provider.create({ ...withoutAddress, __provider: "shim" });
    expect(made.outs?.linkLocalAddress).toBe("169.254.127.132");
    expect(emu.requests().some((r) => r.path.endsWith("/vcenters/addresses"))).toBe(true);
    expect(await provider.diff!(made.id, made.outs!, withoutAddress)).toMatchObject({ changes: false });
    await provider.delete!(made.id, made.outs!);
  });

  it("sends nothing for an address outside 169.254.0.0/16", async () => {
    for (const address of ["10.0.0.5", "169.255.1.1", "169.254.300.1", "169.254.1"]) {
      expect(((await provider.check!({}, args({ linkLocalAddress: address }))).failures ?? []).map((f) => f.property)).toEqual(["linkLocalAddress"]);
    }
    expect(emu.requests()).toHaveLength(0);
  });
});
