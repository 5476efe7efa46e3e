import { describe, expect, it } from "vitest";
import { provider } from "../../../providers/sdp/license.provider";
import { useSdpEmulator } from "./setup";

const emu = useSdpEmulator({}, { clearFaults: false });

describe("SdpLicense against the SDP emulator", () => {
  it("validates the type, creates, reads by listing, and deletes", async () => {
    const { id, outs } = await provider.create({ licenseType: "vCenter Server 5.5 Standard", __provider: "shim" });
    expect(emu.requests().find((r) => r.method === "POST" && r.path.endsWith("/licenses"))?.body).toEqual({ license_type: "vCenter Server 5.5 Standard" });
    expect(outs).toMatchObject({ licenseType: "vCenter Server 5.5 Standard", key: expect.stringMatching(/^[0-9a-f]{8}-/), expiresAt: expect.any(String) });
    const read = await provider.read!(id, outs);
    expect(read.props?.key).toBe(outs.key);
    expect(emu.requests().find((r) => r.method === "GET" && r.path.endsWith("/licenses"))?.query).toEqual({ license_type: "vCenter Server 5.5 Standard" });
    await provider.delete!(id, outs);
    expect(await provider.read!(id, outs)).toEqual({});
    await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
  });

  it("names the valid types when the type is unknown, without creating anything", async () => {
    // Named once, by the kernel (an earlier release said `SdpLicense "…" create failed: SdpLicense: unknown …`).
    await expect(provider.create({ licenseType: "vCenter 9 Ultimate", __provider: "shim" })).rejects.toThrow(
      /^SdpLicense "vCenter 9 Ultimate" create failed: unknown licenseType "vCenter 9 Ultimate"; valid types: "vCenter Server 5\.5 Standard", "SQL Server 2014 Standard Edition", "Windows Server"$/,
    );
    // The type is checked by SDP itself (one request on the happy path); the refusal creates nothing.
    expect(emu.requests().filter((r) => r.method === "POST" && r.path.endsWith("/licenses")).map((r) => r.status)).toEqual([400]);
    expect(emu.inventory().licenses.filter((l) => l.license_type === "vCenter 9 Ultimate")).toEqual([]);
  });

  it("takes the API's own spelling of the type in its answers (seed l.690 vs l.716) as the same type: no diff after create or refresh", async () => {
    const inputs = { licenseType: "vCenter Server 5.5 Standard" };
    const { id, outs } = await provider.create({ ...inputs, __provider: "shim" });
    expect(outs).toMatchObject({ licenseType: "vCenter Server 5.5 Standard", reportedLicenseType: "vCenter.Server 5.5 Standard" });
    expect(await provider.diff!(id, outs, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    const read = await provider.read!(id, outs);
    expect(read.props).toMatchObject({ licenseType: "vCenter Server 5.5 Standard", reportedLicenseType: "vCenter.Server 5.5 Standard" });
    expect(await provider.diff!(id, read.props!, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    // A state an earlier release wrote holds the echo as licenseType: it is still found, and still no diff.
    const earlier = { ...outs, licenseType: "vCenter.Server 5.5 Standard" };
    const reread = await provider.read!(id, earlier);
    expect(reread.id).toBe(id);
    expect(await provider.diff!(id, reread.props!, inputs)).toEqual({ changes: false, replaces: [], deleteBeforeReplace: false });
    await provider.delete!(id, outs);
  });

  it("replaces on a new type", async () => {
    expect((await provider.diff!("x", { licenseType: "Windows Server" }, { licenseType: "vCenter Server 5.5 Standard" })).replaces).toEqual(["licenseType"]);
  });
});
