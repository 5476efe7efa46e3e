/**
 * Captures, once per release, a stack that release wrote, for test/cli/upgrade.test.ts: state
 * written by release N must refresh, update and destroy with every later release.
 *
 * It runs the example estate (all nine resource types) with the release's own build, through the
 * real Pulumi CLI (`up`, `refresh`, then `preview --expect-no-changes`), against this checkout's
 * emulators over HTTP on fixed ports (release.ts PORT_BASE), and writes into test/upgrade/<version>/:
 *   manifest.json      release, commit, versions, ports, counts
 *   state.json         `pulumi stack export` (secrets as passphrase ciphertext)
 *   Pulumi.dev.yaml    the stack config (the passphrase salt; secrets encrypted)
 *   emulators.json     each vendor's objects (emulators/kit/snapshot.ts; secrets as SHA-256 only)
 *   program/           the program as run
 * It checks that the state holds exactly the texts of provider-texts.json (written beforehand from
 * the release: type token → `__provider` text) and that no captured file holds a secret in clear.
 *
 * To capture release X.Y.Z (after tagging it; the commit is the release's):
 *   git worktree add /tmp/rel-X.Y.Z <commit>
 *   (cd /tmp/rel-X.Y.Z && npm ci --prefer-offline --no-audit --no-fund && npm run build)
 *   put test/upgrade/X.Y.Z/provider-texts.json in place (the texts the release registers)
 *   BACKUP_INFRA_RELEASE_DIR=/tmp/rel-X.Y.Z npx vitest run --config test/upgrade/capture.config.ts
 *   git worktree remove --force /tmp/rel-X.Y.Z
 *   then add X.Y.Z to RELEASES in test/cli/upgrade.test.ts and commit test/upgrade/X.Y.Z/.
 * The release's own harness (its dist/harness/cli-project.js) makes the user project, so the
 * package installed is the release's `npm pack`; the emulators are this checkout's (they are the
 * vendors, not part of the package, and must be able to take a snapshot).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { startAllEmulators } from "../../emulators";
import { ESTATE_SECRETS, inventoryCounts } from "../../harness/cli-estate";
import { FILES, PORT_BASE, plaintextSecrets, configSecrets, readJson, recordedTexts, releaseDir, snapshotAll, typeCounts, type CaptureManifest } from "./release";

const STACK = "dev";
const PROJECT = "estate";
const SECRET_KEY = /:(password|apiKey|secretKey)$|Password$/;

/**
 * The estate's contract is made with renewal enabled. A 1-year contract without renewal is read
 * as expired by SdpVsphereContract's diff, which counts months by this machine's clock, from the
 * month after its end: the captured state would then preview an update from that month on. With
 * renewal enabled a term past its end is "ended with renewal" (only a refresh tells), no change.
 */
const CONTRACT_AS_RELEASED = "contract: { contractYear: 1 },";
const CONTRACT_AS_CAPTURED = "contract: { contractYear: 1, contractRenewal: true },";

const releaseRoot = process.env.BACKUP_INFRA_RELEASE_DIR;

it("captures a stack the release wrote", async () => {
  if (!releaseRoot) throw new Error("set BACKUP_INFRA_RELEASE_DIR to a built worktree of the release (see the top of test/upgrade/capture.ts)");
  if (!existsSync(join(releaseRoot, "dist/harness/cli-project.js"))) throw new Error(`${releaseRoot} has no dist/: run npm ci and npm run build there`);
  const release = (JSON.parse(readFileSync(join(releaseRoot, "package.json"), "utf8")) as { version: string }).version;
  const commit = execFileSync("git", ["-C", releaseRoot, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  const out = releaseDir(release);
  const texts = readJson<Record<string, string>>(release, FILES.providerTexts);
  // The release's harness: its UserProject packs the release's checkout.
  const { UserProject, PASSPHRASE } = require(join(releaseRoot, "dist/harness/cli-project.js")) as typeof import("../../harness/cli-project");

  const estateTs = readFileSync(join(releaseRoot, "examples/estate/estate.ts"), "utf8");
  if (!estateTs.includes(CONTRACT_AS_RELEASED)) throw new Error(`the release's examples/estate/estate.ts has no "${CONTRACT_AS_RELEASED}": adapt capture.ts`);
  const header = `// The example estate of release ${release} (examples/estate at ${commit.slice(0, 7)}), as test/upgrade/capture.ts ran it.\n`;
  const program: Record<string, string> = {
    "index.ts": header + readFileSync(join(releaseRoot, "examples/estate/index.ts"), "utf8"),
    "estate.ts": header + estateTs.replace(CONTRACT_AS_RELEASED, `${CONTRACT_AS_CAPTURED} // capture.ts: renewal enabled`),
  };

  // Plain HTTP: `pulumi refresh` configures the providers with the config recorded in the state
  // (the default provider's inputs), not the stack config. A TLS capture's refresh failed (CLI
  // v3.219) with "self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT)": the restored emulators'
  // certificates are new at each start (and valid for 7 days). Over HTTP the recorded config (the
  // URLs on fixed ports, the emulators' default credentials) is the restored emulators' own.
  const emulators = await startAllEmulators({ tls: false, port: PORT_BASE });
  const project = await UserProject.create({ name: PROJECT, files: program });
  try {
    await project.pulumi(["stack", "init", STACK]);
    const credentials = { ...emulators.spp.stackConfig(), ...emulators.vspc.stackConfig(), ...emulators.sdp.stackConfig(), ...emulators.scp.stackConfig() };
    const config: Record<string, string> = { ...credentials, ...ESTATE_SECRETS, "estate:proxySourceVmId": emulators.scp.seedServer({ name: "proxy-template" }) };
    await project.setConfig(Object.fromEntries(Object.entries(config).map(([k, value]) => [k, { value, secret: SECRET_KEY.test(k) }])));
    await project.pulumi(["up", "--yes"]);
    // The release's own refresh: outputs the vendors fill in after a create (vmtools, vCenter
    // metering) are recorded as the release reads them, so the captured state is the vendors' state
    // at the snapshot, and the release itself sees no change in it.
    await project.pulumi(["refresh", "--yes"]);
    await project.pulumi(["preview", "--expect-no-changes"]);

    const { text: stateText, deployment } = await project.exportState(STACK);
    // The state holds exactly the release's texts, one per type, all nine types.
    const recorded = recordedTexts(deployment);
    expect(new Set(recorded.map((r) => r.type))).toEqual(new Set(Object.keys(texts)));
    for (const r of recorded) expect(r.text, r.urn).toBe(texts[r.type]);

    const snapshots = snapshotAll(emulators);
    const pulumiCli = (await project.pulumi(["version"])).output.trim();
    const pulumiSdk = (JSON.parse(readFileSync(join(project.dir, "node_modules/@pulumi/pulumi/package.json"), "utf8")) as { version: string }).version;
    const manifest: CaptureManifest = {
      release,
      commit,
      capturedAt: new Date().toISOString(),
      project: PROJECT,
      stack: STACK,
      passphrase: PASSPHRASE,
      pulumiCli,
      pulumiSdk,
      portBase: PORT_BASE,
      programFiles: Object.keys(program),
      resources: typeCounts(deployment),
      inventory: inventoryCounts(emulators),
    };

    // Every secret of the run: the stack's (state and config, decrypted) and the emulators' own.
    const shownState = JSON.parse((await project.pulumi(["stack", "export", "--show-secrets"])).output) as unknown;
    const shownConfig = (await project.pulumi(["config", "--show-secrets", "--json"])).output;
    const emulatorSecrets = [emulators.spp.credentials.password, emulators.vspc.credentials.password, emulators.sdp.credentials.password, emulators.scp.credentials.password, emulators.scp.credentials.secretKey];
    const secrets = [...new Set([...plaintextSecrets(shownState), ...configSecrets(shownConfig), ...emulatorSecrets])].filter((s) => s.length >= 8);
    // The license key and the API key are the vendors' (issued during up): they must be among them.
    expect(secrets.length).toBeGreaterThanOrEqual(Object.keys(ESTATE_SECRETS).length + emulatorSecrets.length + 2);

    const files: Record<string, string> = {
      [FILES.manifest]: `${JSON.stringify(manifest, null, 2)}\n`,
      [FILES.state]: stateText.endsWith("\n") ? stateText : `${stateText}\n`,
      [FILES.stackConfig(STACK)]: readFileSync(join(project.dir, FILES.stackConfig(STACK)), "utf8"),
      [FILES.emulators]: `${JSON.stringify(snapshots, null, 2)}\n`,
      ...Object.fromEntries(Object.entries(program).map(([name, text]) => [join(FILES.program, name), text])),
    };
    const leaks = Object.entries(files).flatMap(([name, text]) => secrets.filter((s) => text.includes(s)).map((s) => `${name} holds ${s.slice(0, 3)}…(${s.length} chars)`));
    expect(leaks).toEqual([]);
    expect(files[FILES.state]).toContain('"ciphertext"');
    expect(files[FILES.stackConfig(STACK)]).toMatch(/^encryptionsalt: v1:/m);

    rmSync(join(out, FILES.program), { recursive: true, force: true });
    mkdirSync(join(out, FILES.program), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
    console.info(`captured release ${release} (${commit.slice(0, 7)}): ${recorded.length} resources of ${Object.keys(manifest.resources).length} types, ${secrets.length} secrets checked absent from ${Object.keys(files).length} files, into ${out}`);
  } finally {
    await project.close();
    await emulators.close();
  }
}, 20 * 60_000);
