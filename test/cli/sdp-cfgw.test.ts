import { describe, expect, it } from "vitest";
import { sdpServerSource } from "./kit/programs";
import { COMMAND_MS, resourcesOf, type StateResource } from "./kit/project";
import { useEmulatorsAndProject } from "./kit/rig";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * SdpServer's `cfgwConnected: true` through the real Pulumi CLI: `refresh` records a CFGW
 * connection that went down (with SDP's error type), the next `up` establishes it again in place
 * with SDP's bodiless update, and an update that does not help fails the `up` naming the error type.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SdpServer } from "pulumi-backup-infra";

const config = new pulumi.Config();
${sdpServerSource('"cfgw-esx"', ["cfgwConnected: true,"])}
`;
const ADMIN_PASS = "Cfgw-Esxi-Passw0rd-1";

const { emulators, project } = useEmulatorsAndProject("cfgw", PROGRAM);

async function server(): Promise<StateResource> {
  const found = resourcesOf((await project.exportState("dev")).deployment, "SdpServer");
  expect(found).toHaveLength(1);
  return found[0];
}

/** The requests that change something at SDP, login left out. */
const mutations = () =>
  emulators.sdp
    .requests()
    .filter((r) => r.method !== "GET" && !r.path.endsWith("/auth/tokens"))
    .map((r) => ({ method: r.method, route: r.route, body: r.body }));
const CFGW = "/v1.0/:tenantId/servers/:id/cfgw_connection";

describe("SdpServer's CFGW connection through the real Pulumi CLI", () => {
  it("refresh shows the connection down with its error type, up re-establishes it in place, and an update that does not help fails the up naming it", async () => {
    const sdp = emulators.sdp;
    sdp.setKnobs({ buildMs: 1_000 });
    await project.initStack("dev", { ...sdp.stackConfig(), "cfgw:adminPass": ADMIN_PASS }, (key) => /:(password|adminPass)$/.test(key));
    await project.pulumi(["up", "--yes", "--skip-preview"]);
    const made = await server();
    expect(made.outputs).toMatchObject({ cfgwConnected: true, cfgwConnectionStatus: true, cfgwErrorType: null });
    const id = String(made.id);

    // Down at SDP: refresh records it, with SDP's error type.
    sdp.breakCfgw(id, "EMULATED_LINK_DOWN");
    const refresh = await project.pulumi(["refresh", "--yes", "--skip-preview"]);
    expect(refresh.output).toMatch(/~ +pulumi-nodejs:dynamic\/sdp:SdpServer +esx +(refreshed|updated)/);
    expect((await server()).outputs).toMatchObject({ cfgwConnectionStatus: false, cfgwErrorType: "EMULATED_LINK_DOWN" });

    // The next up applies it in place: an update, not a replace, sending SDP's update with no body.
    const preview = await project.pulumi(["preview", "--diff"]);
    expect(preview.output).toMatch(/~ +pulumi-nodejs:dynamic\/sdp:SdpServer: \(update\)/);
    expect(preview.output).not.toMatch(/replace/);
    sdp.clearLog();
    const repaired = await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect(repaired.output).toMatch(/~ +pulumi-nodejs:dynamic\/sdp:SdpServer +esx +updated/);
    expect(mutations()).toEqual([{ method: "POST", route: CFGW, body: null }]);
    expect((await server()).outputs).toMatchObject({ cfgwConnectionStatus: true, cfgwErrorType: null });
    await project.pulumi(["preview", "--expect-no-changes"]);

    // Down again, and SDP's update does not bring it back: `up --refresh` fails naming the error type.
    sdp.breakCfgw(id, "EMULATED_STICKY", { sticky: true });
    const failed = await project.pulumi(["up", "--yes", "--skip-preview", "--refresh"], { expectCode: "nonzero" });
    expect(failed.output).toMatch(
      new RegExp(`SdpServer "cfgw-esx" update failed: the CFGW connection of server cfgw-esx \\(${id}\\) is not established after SDP's update: error_type EMULATED_STICKY`),
    );
    const recorded = await server();
    expect(recorded).toMatchObject({ id, outputs: expect.objectContaining({ cfgwConnectionStatus: false, cfgwErrorType: "EMULATED_STICKY" }) });
    expect(sdp.inventory().servers.filter((s) => s.name === "cfgw-esx").map((s) => s.id)).toEqual([id]);

    // Once SDP's update helps, the next up (no refresh needed: the state says down) establishes it.
    sdp.breakCfgw(id, "EMULATED_LINK_DOWN");
    await project.pulumi(["up", "--yes", "--skip-preview"]);
    expect((await server()).outputs).toMatchObject({ cfgwConnectionStatus: true, cfgwErrorType: null });

    await project.pulumi(["destroy", "--yes", "--skip-preview"]);
    expect(sdp.inventory().servers.filter((s) => s.name === "cfgw-esx" && s.status !== "DELETED")).toEqual([]);
    await expectNoPlaintextSecrets(project, "dev", { extra: [ADMIN_PASS] });
  }, 10 * COMMAND_MS);
});
