import { describe, expect, it } from "vitest";
import { sdpServerSource } from "./kit/programs";
import { COMMAND_MS, resourcesOf } from "./kit/project";
import { useEmulatorsAndProject } from "./kit/rig";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/** A hypervisor and a license on one of its guest VMs; the types come from config, so a stack can ask for one SDP does not offer. */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SdpGuestVmLicense, SdpServer } from "pulumi-backup-infra";

const config = new pulumi.Config();
const esx = ${sdpServerSource('config.get("serverName") ?? "licensed-esx"')}
const license = new SdpGuestVmLicense("vm-01", {
  serverId: esx.id,
  vmName: "vm-01",
  licenseTypes: config.getObject<string[]>("licenseTypes") ?? ["Windows Server", "SQL Server 2014 Standard Edition"],
});
export const jobId = license.jobId;
export const status = license.status;
export const requestedVmName = license.requestedVmName;
export const requestedLicenseTypes = license.requestedLicenseTypes;
`;

const ADMIN_PASS = "Guest-License-Esxi-Passw0rd";
const TYPE = "SdpGuestVmLicense";

const { emulators, project } = useEmulatorsAndProject("guest-license", PROGRAM, (started) => started.sdp.setKnobs({ buildMs: 500, deleteMs: 200, jobMs: 1_500 }));

const secret = (key: string) => /:(password|adminPass)$/.test(key);
const actions = () => emulators.sdp.requests().filter((r) => r.method === "POST" && r.path.endsWith("/action"));

describe("SdpGuestVmLicense through the real Pulumi CLI", () => {
  it("up adds the license and waits for the job, refresh re-reads it from get-result, destroy sends nothing and says so", async () => {
    await project.initStack("dev", { ...emulators.sdp.stackConfig(), "guest-license:adminPass": ADMIN_PASS }, secret);
    await project.pulumi(["up", "--yes", "--skip-preview", "--stack", "dev"]);
    const outputs = JSON.parse((await project.pulumi(["stack", "output", "--json", "--stack", "dev"])).output) as Record<string, unknown>;
    expect(outputs).toEqual({
      jobId: expect.stringMatching(/^[0-9a-f]{24}$/),
      status: "COMPLETED",
      requestedVmName: "vm-01",
      requestedLicenseTypes: ["Windows Server", "SQL Server 2014 Standard Edition"],
    });
    expect(actions()[0].body).toEqual({ "add-license-to-vm": { vm_name: "vm-01", license_types: ["Windows Server", "SQL Server 2014 Standard Edition"] } });

    // Refresh asks get-result again: a message SDP now reports on the job lands in the state.
    emulators.sdp.setKnobs({ jobMessages: { [String(outputs.jobId)]: "noted by the operator" } });
    emulators.sdp.clearLog();
    await project.pulumi(["refresh", "--yes", "--skip-preview", "--stack", "dev"]);
    expect(actions().map((r) => r.body)).toEqual([{ "get-result-for-add-license-to-vm": { job_id: outputs.jobId } }]);
    const [recorded] = resourcesOf((await project.exportState("dev")).deployment, TYPE);
    expect(recorded.outputs).toMatchObject({ status: "COMPLETED", message: "noted by the operator", jobId: outputs.jobId });

    emulators.sdp.clearLog();
    const destroy = await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
    expect(destroy.output).toMatch(
      /\[pulumi-backup-infra\] info SdpGuestVmLicense: vm-01: SDP has no call to remove a license from a VM: the resource is forgotten and nothing is removed; the license usages of Windows Server, SQL Server 2014 Standard Edition on VM "vm-01" keep being metered \(List Usages, GET \/usages\)$/m,
    );
    // The server's deletion is all that is sent.
    expect(actions()).toEqual([]);
    expect(emulators.sdp.requests().some((r) => r.method === "DELETE")).toBe(true);
    await expectNoPlaintextSecrets(project, "dev", { extra: [ADMIN_PASS] });
  }, COMMAND_MS);

  it("a type SDP does not offer for guest VMs fails `up` in one line that names the valid ones, before any action is sent", async () => {
    await project.initStack("bad", { ...emulators.sdp.stackConfig(), "guest-license:adminPass": ADMIN_PASS, "guest-license:serverName": "unlicensed-esx", "guest-license:licenseTypes": '["Windows Server 2019"]' }, secret);
    emulators.sdp.clearLog();
    const up = await project.pulumi(["up", "--yes", "--skip-preview", "--stack", "bad"], { expectCode: "nonzero" });
    expect(up.output).toMatch(
      /^ {4}error: SdpGuestVmLicense "vm-01" create failed: license type "Windows Server 2019" is not one SDP offers for guest VMs; valid: "SQL Server 2014 Standard Edition", "Windows Server"$/m,
    );
    expect(actions()).toEqual([]);
    await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "bad"]);
  }, COMMAND_MS);
});
