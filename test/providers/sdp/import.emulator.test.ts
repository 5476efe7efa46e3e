import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetSdpClients } from "../../../providers/sdp/client";
import { provider as guestVmLicense } from "../../../providers/sdp/guest-vm-license.provider";
import { provider as license } from "../../../providers/sdp/license.provider";
import { provider as server } from "../../../providers/sdp/server.provider";
import { provider as vcenter } from "../../../providers/sdp/vcenter.provider";
import { provider as vsphereContract } from "../../../providers/sdp/vsphere-contract.provider";
import { configureSdp, serverArgs, useSdpEmulator } from "./setup";

/**
 * `pulumi import` of each SDP type: the object read by its id alone (no recorded state), the
 * inputs proposed for it, and what diff says against them and against a program's own inputs.
 */
const emu = useSdpEmulator({ knobs: { buildMs: 50, jobMs: 0 } });
const shim = { __provider: "shim" };
let serverId = "";

beforeAll(async () => {
  resetSdpClients();
  configureSdp(emu);
  serverId = (await server.create({ ...serverArgs("esx-import-host"), ...shim })).id;
});
beforeEach(() => emu.setKnobs({ jobMs: 0, failJobs: false }));

describe("SdpServer import by id", () => {
  it("proposes what SDP reports (networks per attached port), never adminPass, and takes the program's adminPass without a change", async () => {
    const program = serverArgs("esx-imported", { metadata: { role: "backup" } });
    const { id, outs } = await server.create({ ...program, ...shim });
    const found = await server.importById(id);
    expect(found?.inputs).toEqual({
      name: "esx-imported",
      imageRef: program.imageRef,
      flavorRef: program.flavorRef,
      networks: [
        { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", fixedIp: "10.0.0.100", plane: "data" },
        { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", fixedIp: "10.0.1.100", plane: "storage" },
      ],
      availabilityZone: "zone1-groupa",
      metadata: { role: "backup" },
    });
    const { props, inputs } = found!;
    expect((await server.check!({}, inputs)).failures).toEqual([{ property: "adminPass", reason: "is required" }]);
    const withPassword = { ...inputs, adminPass: program.adminPass };
    expect((await server.check!({}, withPassword)).failures).toBeUndefined();
    // adminPass is write-only: an imported server has none recorded, and the program's is no change.
    expect(await server.diff!(id, props, withPassword)).toMatchObject({ changes: false, replaces: [] });
    expect(await server.diff!(id, props, { ...withPassword, flavorRef: "flv-2" })).toMatchObject({ changes: true, replaces: ["flavorRef"] });
    // SDP reports no segmentation ids: networks that give them are not the networks read.
    expect(await server.diff!(id, props, program)).toMatchObject({ changes: true, replaces: ["networks"] });
    // A created server's state keeps the program's values: refresh reports none of them.
    const refreshed = await server.read!(id, outs);
    expect(refreshed.props).toEqual(outs);
    expect(await server.diff!(id, outs, program)).toMatchObject({ changes: false, replaces: [] });
  });

  it("reads an imported server's state again on refresh without taking SDP's values over it", async () => {
    const found = await server.importById(serverId);
    const refreshed = await server.read!(serverId, found!.props);
    expect(refreshed.props).toEqual(found!.props);
  });
});

describe("SdpLicense import by id", () => {
  it("proposes the type as GET /license_types names it, not in SDP's echoed spelling", async () => {
    const { id, outs } = await license.create({ licenseType: "vCenter Server 5.5 Standard", ...shim });
    expect(outs.reportedLicenseType).toBe("vCenter.Server 5.5 Standard");
    const found = await license.importById(id);
    expect(found?.inputs).toEqual({ licenseType: "vCenter Server 5.5 Standard" });
    expect(found?.props).toMatchObject({ licenseType: "vCenter Server 5.5 Standard", reportedLicenseType: "vCenter.Server 5.5 Standard", key: outs.key });
    expect((await license.check!({}, found!.inputs)).failures).toBeUndefined();
    expect(await license.diff!(id, found!.props, found!.inputs)).toMatchObject({ changes: false, replaces: [] });
    // A recorded state keeps its type as given: refresh lists no license types.
    emu.clearLog();
    expect((await license.read!(id, outs)).props).toEqual(outs);
    expect(emu.requests().map((r) => r.path)).not.toContainEqual(expect.stringContaining("license_types"));
  });
});

describe("SdpVcenter import by id", () => {
  it("proposes the address and the license; the program's password is no change until an update records it", async () => {
    const program = { linkLocalAddress: "169.254.127.135", password: "Vcenter-Passw0rd", licenseId: "bac8b95f-77b9-439a-ac43-53566502ff3f" };
    const { id, outs } = await vcenter.create({ ...program, ...shim });
    const found = await vcenter.importById(id);
    expect(found?.inputs).toEqual({ linkLocalAddress: program.linkLocalAddress, licenseId: program.licenseId });
    expect((await vcenter.check!({}, found!.inputs)).failures).toEqual([{ property: "password", reason: "is required" }]);
    expect(await vcenter.diff!(id, found!.props, program)).toMatchObject({ changes: false, replaces: [] });
    // Once recorded (a created vCenter always records it), a changed password is an update.
    expect(await vcenter.diff!(id, outs, { ...program, password: "Rotated-Passw0rd" })).toMatchObject({ changes: true, replaces: [] });
  });
});

describe("SdpVsphereContract import by id", () => {
  it("finds the contract by the id create gives, and proposes its term, renewal and commitment", async () => {
    const { id } = await vsphereContract.create({ contractYear: 1, cores: 16, contractRenewal: false, ...shim });
    expect(id).toBe("vsphere-contract-1");
    const found = await vsphereContract.importById(id);
    expect(found?.inputs).toEqual({ contractYear: 1, cores: 16, contractRenewal: false });
    expect((await vsphereContract.check!({}, found!.inputs)).failures).toBeUndefined();
    expect(await vsphereContract.diff!(id, found!.props, found!.inputs)).toMatchObject({ changes: false, replaces: [] });
    expect(await vsphereContract.diff!(id, found!.props, { ...found!.inputs, cores: 24 })).toMatchObject({ changes: true, replaces: [] });
  });

  it("proposes the cores in force for a started contract with no commitment added", async () => {
    emu.seedContract({ contractYear: 3, startInMonths: -3, cores: 32 });
    const found = await vsphereContract.importById("vsphere-contract-3");
    expect(found?.inputs).toEqual({ contractYear: 3, cores: 32, contractRenewal: false });
  });

  it("finds nothing, without a request, for an id that names no term SDP offers", async () => {
    emu.clearLog();
    for (const id of ["vsphere-contract-2", "vsphere-contract-", "contract-1", "00000000-0000-4000-8000-00000000dead"]) {
      await expect(vsphereContract.importById(id), id).resolves.toBeUndefined();
    }
    expect(emu.requests()).toEqual([]);
  });
});

describe("SdpGuestVmLicense import by id", () => {
  const types = ["Windows Server", "SQL Server 2014 Standard Edition"];

  it("reads the license by <serverId>/job_id=<jobId> and proposes the hypervisor, the VM and the types", async () => {
    const program = { serverId, vmName: "imported-vm", licenseTypes: types };
    const { id, outs } = await guestVmLicense.create({ ...program, ...shim });
    const found = await guestVmLicense.importById(`${serverId}/job_id=${String(outs.jobId)}`);
    expect(found?.inputs).toEqual(program);
    expect(found?.props).toMatchObject({ ...program, vmId: null, jobId: outs.jobId, status: "COMPLETED" });
    expect((await guestVmLicense.check!({}, found!.inputs)).failures).toBeUndefined();
    expect(await guestVmLicense.diff!(id, found!.props, program)).toMatchObject({ changes: false, replaces: [] });
    expect(await guestVmLicense.diff!(id, found!.props, { ...program, licenseTypes: ["Windows Server"] })).toMatchObject({ changes: true, replaces: ["licenseTypes"] });
    // Refresh of the imported state asks get-result, as for a created one.
    expect((await guestVmLicense.read!(id, found!.props)).props).toEqual(found!.props);
  });

  it("takes the VM from the id when it is given there too, and refuses one the job was not for", async () => {
    const { outs } = await guestVmLicense.create({ serverId, vmId: "cd898512-d145-4198-a256-9c1351cd4fcf", licenseTypes: ["Windows Server"], ...shim });
    const byJob = `${serverId}/job_id=${String(outs.jobId)}`;
    expect((await guestVmLicense.importById(`${byJob}/vm_id=cd898512-d145-4198-a256-9c1351cd4fcf`))?.inputs).toEqual({ serverId, vmId: "cd898512-d145-4198-a256-9c1351cd4fcf", licenseTypes: ["Windows Server"] });
    await expect(guestVmLicense.importById(`${byJob}/vm_name=someone-else`)).rejects.toThrow(/was for VM cd898512-d145-4198-a256-9c1351cd4fcf, not the vm_name "someone-else"/);
  });

  it("refuses the id create gives, naming the import id, and finds nothing for a job or server SDP does not know", async () => {
    await expect(guestVmLicense.importById(`${serverId}/vm_name=imported-vm`)).rejects.toThrow(/import it as <serverId>\/job_id=<jobId>/);
    await expect(guestVmLicense.importById(`${serverId}/job_id=0123456789abcdef01234567`)).resolves.toBeUndefined();
    await expect(guestVmLicense.importById("00000000-0000-4000-8000-00000000dead/job_id=0123456789abcdef01234567")).resolves.toBeUndefined();
    await expect(guestVmLicense.importById("00000000-0000-4000-8000-00000000dead")).resolves.toBeUndefined();
  });

  it("refuses a job that ended in a failure: it added no license", async () => {
    emu.setKnobs({ failJobs: true });
    const made = await guestVmLicense.create({ serverId, vmName: "failing-vm", licenseTypes: ["Windows Server"], ...shim }).catch((error: unknown) => error);
    expect(made).toBeInstanceOf(Error);
    const [jobId] = emu.snapshot().jobs.filter(([, job]) => job.vm_name === "failing-vm").map(([j]) => j);
    await expect(guestVmLicense.importById(`${serverId}/job_id=${jobId}`)).rejects.toThrow(/ended FAILED/);
  });
});
