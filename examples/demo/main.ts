import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startAllEmulators } from "../../emulators";
import { createCliRunner } from "./cli-runner";
import { createHarnessRunner } from "./harness-runner";
import { pulumiCliAtHand } from "./pulumi-cli";
import type { DemoRunner } from "./runner";
import { emulatorStackConfig } from "./stack-config";
import { runDemoSteps } from "./steps";

const REPO_ROOT = resolve(__dirname, "../../..");

/** The policy pack gates the CLI path once it exists. */
function policyPacks(): string[] {
  const dir = join(REPO_ROOT, "policies");
  return existsSync(join(dir, "PulumiPolicy.yaml")) ? [dir] : [];
}

/** The provider's own progress lines (already redacted), minus the host's port announcement. */
function showProgress(text: string): void {
  for (const line of text.split("\n")) {
    const progress = line.match(/^\[pulumi-backup-infra\] \w+ (.*)$/);
    if (progress) process.stdout.write(`      · ${progress[1]}\n`);
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const say = (line: string): void => void process.stdout.write(`${line}\n`);
  const scratch = mkdtempSync(join(tmpdir(), "backup-infra-demo-ca-"));
  const emulators = await startAllEmulators({ port: 0, tls: true });
  let runner: DemoRunner | undefined;
  try {
    const ca = (vendor: string, pem: string | undefined): string => {
      const path = join(scratch, `${vendor}-ca.pem`);
      writeFileSync(path, pem ?? "");
      return path;
    };
    const { spp, vspc, sdp, scp } = emulators;
    say(`Emulators up: SPP ${spp.url}, VSPC ${vspc.apiUrl}, SDP ${sdp.authUrl}, SCP ${scp.url}`);
    const config = emulatorStackConfig({
      spp: { url: spp.url, credentials: spp.credentials, caCertPath: ca("spp", spp.caCert) },
      vspc: { url: vspc.apiUrl, credentials: vspc.credentials, caCertPath: ca("vspc", vspc.caCert) },
      sdp: { url: sdp.authUrl, credentials: sdp.credentials, caCertPath: ca("sdp", sdp.caCert) },
      scp: { url: scp.url, credentials: scp.credentials, caCertPath: ca("scp", scp.caCert) },
      proxySourceVmId: scp.seedServer({ name: "proxy-template" }),
    });

    const cli = pulumiCliAtHand(REPO_ROOT);
    if ("binDir" in cli) {
      runner = await createCliRunner({ workDir: REPO_ROOT, binDir: cli.binDir, policyPacks: policyPacks(), onOutput: (out) => process.stdout.write(out) });
      say(`Using the real Pulumi CLI in ${cli.binDir}: ${runner.name}`);
    } else {
      say(`No Pulumi CLI at hand (${cli.missing}).`);
      runner = await createHarnessRunner({ repoRoot: REPO_ROOT, program: join(REPO_ROOT, "dist/examples/estate/index.js"), onOutput: showProgress });
      say(`Applying the estate through ${runner.name} instead.`);
    }

    await runDemoSteps(runner, config, say);
    say(`Demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s; stopping the emulators.`);
  } finally {
    await runner?.close();
    await emulators.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
