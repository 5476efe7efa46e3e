import { describe, expect, it } from "vitest";
import { HEARTBEAT_ENV } from "../../providers/core/heartbeat";
import { sdpServerSource } from "./kit/programs";
import { COMMAND_MS } from "./kit/project";
import { useEmulatorsAndProject } from "./kit/rig";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * What a user sees of a long wait in `pulumi up`: the provider's heartbeat lines on stderr, which
 * the engine relays from the dynamic provider's plugin.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { SdpServer } from "pulumi-backup-infra";

const config = new pulumi.Config();
${sdpServerSource('"heartbeat-esx"')}
`;

const { emulators, project } = useEmulatorsAndProject("heartbeat", PROGRAM);

const ESX = "\\[pulumi-backup-infra\\] info SdpServer: heartbeat-esx: server [0-9a-f-]+";
/** A line of the CLI's Diagnostics block: the engine files the plugin's stderr under the stack. */
const diagnostic = (text: string) => new RegExp(`^ {4}${ESX} ${text}$`, "m");

describe("heartbeats through the real Pulumi CLI", () => {
  it("shows the SdpServer build's and deletion's heartbeats and closing lines in `pulumi up` and `pulumi destroy`", async () => {
    emulators.sdp.setKnobs({ buildMs: 5_000, deleteMs: 4_000 });
    // Read by the provider in the dynamic provider's plugin, which the CLI starts with its environment.
    project.env[HEARTBEAT_ENV] = "1500";
    await project.initStack("dev", { ...emulators.sdp.stackConfig(), "heartbeat:adminPass": "Heartbeat-Esxi-Passw0rd-1" }, (key) => /:(password|adminPass)$/.test(key));
    const up = await project.pulumi(["up", "--yes", "--skip-preview", "--stack", "dev"]);
    const diagnostics = up.output.slice(up.output.indexOf("Diagnostics:"));
    expect(diagnostics).toMatch(/^ {2}pulumi:pulumi:Stack \(heartbeat-dev\):$/m);
    expect(diagnostics).toMatch(diagnostic("build: still BUILD after \\d(\\.\\d)?s \\(\\d+ checks?\\)"));
    expect(diagnostics).toMatch(diagnostic("build: ended ACTIVE after \\d(\\.\\d)?s \\(\\d+ checks\\)"));
    // At most one line per 1.5 s over a 5 s build, and the closing one.
    expect(diagnostics.match(new RegExp(`${ESX} build: `, "g"))?.length).toBeLessThanOrEqual(5);
    const destroy = await project.pulumi(["destroy", "--yes", "--skip-preview", "--stack", "dev"]);
    expect(destroy.output).toMatch(diagnostic("deletion: still DELETED after \\d(\\.\\d)?s \\(\\d+ checks?\\)"));
    expect(destroy.output).toMatch(diagnostic("deletion: ended gone after \\d(\\.\\d)?s \\(\\d+ checks\\)"));
    await expectNoPlaintextSecrets(project, "dev", { extra: ["Heartbeat-Esxi-Passw0rd-1"] });
  }, COMMAND_MS);
});
