import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAllEmulators, type AllEmulators } from "../../emulators";
import { configSecrets, FILES, plaintextSecrets, readJson, recordedTexts, releaseDir, restoreAll, typeCounts, type CaptureManifest, type EmulatorSnapshots } from "../upgrade/release";
import { inventoryCounts } from "./kit/estate";
import { COMMAND_MS, resourcesOf, UserProject, type Deployment } from "./kit/project";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * The upgrade promise through the real Pulumi CLI: a stack whose state an earlier release wrote
 * (test/upgrade/<release>, made by test/upgrade/capture.ts with that release's build) refreshes,
 * previews, updates and destroys with this checkout's package, installed from its packed tarball.
 * The vendors are put back as they were when the release wrote the state (emulator snapshots:
 * same ids, same URLs). The engine loads a resource's provider from the `__provider` text in its
 * recorded outputs for read (refresh) and delete (destroy), so those run the release's texts (0.1.0's
 * require `pulumi-backup-infra/dist/providers/<vendor>/<file>`); diff, check and update run the
 * program's current texts. The releases run one after the other (describe blocks in order): each
 * takes the fixed ports its capture used.
 */
/** Every release a stack may have been written by, each captured in test/upgrade/<release>/. */
const RELEASES = ["0.1.0"] as const;
/** The texts this checkout registers (pinned by test/registry). */
const currentTexts = JSON.parse(readFileSync(join(__dirname, "../registry/provider-texts.golden.json"), "utf8")) as Record<string, string>;
const SECRET_KEY = /:(password|apiKey|secretKey)$|Password$/;
const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Logins: the only POSTs a read-only operation may send. */
const AUTH_ROUTE = /\/(session|token|auth\/tokens|authenticate)$/;
const HYPERVISOR = "pulumi-nodejs:dynamic/spp:SppHypervisor";

/** The resource counts from the CLI's closing summary ("+ 11 created", "1 updated", "10 unchanged"). */
function summary(output: string): Record<string, number> {
  const counts: Record<string, number> = {};
  const block = output.slice(output.lastIndexOf("Resources:"));
  for (const m of block.matchAll(/^\s+(?:[-+~]+\s+)?(\d+) (to create|created|to update|updated|unchanged|to replace|replaced|to delete|deleted)\b/gm)) counts[m[2]] = Number(m[1]);
  return counts;
}
const byUrn = (d: Deployment) => Object.fromEntries((d.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => [r.urn, { id: r.id, outputs: r.outputs }]));

/** The whole life of a stack written by `RELEASE`, on one stack, in order. */
function upgradeFrom(RELEASE: string): void {
  describe(`a stack written by release ${RELEASE}, with this checkout's package`, () => {
    const dir = releaseDir(RELEASE);
    const manifest = readJson<CaptureManifest>(RELEASE, FILES.manifest);
    const releaseTexts = readJson<Record<string, string>>(RELEASE, FILES.providerTexts);

    let emulators: AllEmulators;
    let project: UserProject;
    const stack = manifest.stack;
    /** Every secret of the stack, decrypted from its state and config (the restore's and the scan's). */
    let secrets: string[] = [];
    /** Vendor config keys whose captured values are not the restored emulators' (refresh would use the captured ones). */
    let configDrift: string[] = [];
    const total = Object.values(manifest.resources).reduce((a, b) => a + b, 0);

    function mutatingRequests(): string[] {
      const { spp, vspc, sdp, scp, nsx } = emulators;
      return [spp, vspc, sdp, scp, nsx].flatMap((e) => e.requests().filter((r) => MUTATING.has(r.method) && !AUTH_ROUTE.test(r.route)).map((r) => `${r.method} ${r.path}`));
    }
    function clearLogs(): void {
      for (const e of [emulators.spp, emulators.vspc, emulators.sdp, emulators.scp, emulators.nsx]) e.clearLog();
    }
    /** The state with secrets decrypted (`stack export --show-secrets`; kept out of the secrets scan). */
    async function shownState(): Promise<Deployment> {
      return (JSON.parse((await project.pulumi(["stack", "export", "--show-secrets"])).output) as { deployment: Deployment }).deployment;
    }

    beforeAll(async () => {
      emulators = await startAllEmulators({ tls: false, port: manifest.portBase });
      try {
        const files = Object.fromEntries(manifest.programFiles.map((f) => [f, readFileSync(join(dir, FILES.program, f), "utf8")]));
        project = await UserProject.create({ name: manifest.project, files });
        project.env.PULUMI_CONFIG_PASSPHRASE = manifest.passphrase;
        // The captured config first: its encryptionsalt is the passphrase provider's, which the state's secrets need.
        copyFileSync(join(dir, FILES.stackConfig(stack)), join(project.dir, FILES.stackConfig(stack)));
        await project.pulumi(["stack", "init", stack]);
        await project.pulumi(["stack", "import", "--file", join(dir, FILES.state)]);
        const vendors = { ...emulators.spp.stackConfig(), ...emulators.vspc.stackConfig(), ...emulators.sdp.stackConfig(), ...emulators.scp.stackConfig() };
        const captured = JSON.parse((await project.pulumi(["config", "--show-secrets", "--json"])).output) as Record<string, { value?: string }>;
        configDrift = Object.entries(vendors).filter(([k, v]) => captured[k]?.value !== v).map(([k]) => k);
        await project.setConfig(Object.fromEntries(Object.entries(vendors).map(([k, value]) => [k, { value, secret: SECRET_KEY.test(k) }])));
        const config = (await project.pulumi(["config", "--show-secrets", "--json"])).output;
        secrets = [...new Set([...plaintextSecrets(await shownState()), ...configSecrets(config)])];
        restoreAll(emulators, readJson<EmulatorSnapshots>(RELEASE, FILES.emulators), secrets);
      } catch (error) {
        await project?.close();
        await emulators.close();
        throw error;
      }
    }, 2 * COMMAND_MS);
    afterAll(async () => {
      await project?.close();
      await emulators?.close();
    }, COMMAND_MS);

    it(`imports with every resource holding ${RELEASE}'s __provider text, and the vendors hold its objects`, async () => {
      const { deployment } = await project.exportState(stack);
      expect(typeCounts(deployment)).toEqual(manifest.resources);
      expect(Object.keys(manifest.resources).sort()).toEqual(Object.keys(releaseTexts).sort());
      for (const r of recordedTexts(deployment)) {
        expect(r.text, r.urn).toBe(releaseTexts[r.type]);
        expect(r.text, r.urn).toContain("require(`pulumi-backup-infra/dist/${modulePath}`)");
      }
      expect(inventoryCounts(emulators)).toEqual(manifest.inventory);
      // `pulumi refresh` configures the providers with the config recorded in the state, so the
      // restored emulators must be reachable with it: the same URLs and credentials as captured.
      expect(configDrift, "the emulators' stack config differs from the captured one (ports or default credentials changed?)").toEqual([]);
      console.info(`upgrade ${RELEASE}: ${total} resources of ${Object.keys(manifest.resources).length} types imported; ${secrets.length} secrets decrypted for the restore`);
    }, COMMAND_MS);

    it("refreshes: nothing deleted or changed, every output read as recorded, no mutating request", async () => {
      const before = byUrn(await shownState());
      clearLogs();
      const { output } = await project.pulumi(["refresh", "--yes"]);
      const counts = summary(output);
      expect(counts).toEqual({ unchanged: expect.any(Number) });
      expect(counts.unchanged).toBeGreaterThanOrEqual(total);
      expect(mutatingRequests()).toEqual([]);
      // Refresh reads through the recorded texts and keeps them: outputs (decrypted) are as before,
      // plus only the outputs later releases added, each null (nothing read for them).
      const after = byUrn(await shownState());
      const added = Object.entries(after).flatMap(([urn, r]) => Object.keys(r.outputs ?? {}).filter((k) => !(k in (before[urn]?.outputs ?? {}))).map((k) => `${urn.split("::").pop()}.${k}=${JSON.stringify(r.outputs?.[k])}`));
      expect([...new Set(added.map((a) => a.replace(/^[^.]*\./, "")))].sort()).toEqual(["cfgwErrorType=null", "cfgwLastEstablishedAt=null"]);
      const asRecorded = Object.fromEntries(Object.entries(after).map(([urn, r]) => [urn, { ...r, outputs: Object.fromEntries(Object.entries(r.outputs ?? {}).filter(([k]) => k in (before[urn]?.outputs ?? {}))) }]));
      expect(asRecorded).toEqual(before);
      console.info(`upgrade ${RELEASE} refresh: ${counts.unchanged} unchanged, ${Object.keys(before).length} resources read through ${RELEASE}'s texts`);
    }, 2 * COMMAND_MS);

    it("previews no change (pulumi preview --expect-no-changes)", async () => {
      clearLogs();
      const { output } = await project.pulumi(["preview", "--expect-no-changes", "--diff"]);
      expect(summary(output)).toEqual({ unchanged: expect.any(Number) });
      console.info(`upgrade ${RELEASE} preview: ${summary(output).unchanged} unchanged`);
      expect(mutatingRequests()).toEqual([]);
    }, COMMAND_MS);

    it("applies a config change as one in-place update, which records this checkout's text", async () => {
      const hypervisorId = String(resourcesOf((await project.exportState(stack)).deployment, "SppHypervisor")[0]?.id);
      await project.setConfig({ "estate:snapshotConcurrency": "5" });
      clearLogs();
      const { output } = await project.pulumi(["up", "--yes", "--diff"]);
      expect(summary(output)).toEqual({ updated: 1, unchanged: expect.any(Number) });
      expect(output).toMatch(/snapshotConcurrency\s*:\s*3 => 5/);
      expect(mutatingRequests()).toEqual([`PUT /ngp/hypervisor/${hypervisorId}`]);
      expect(emulators.spp.inventory().hypervisors).toEqual([expect.objectContaining({ id: hypervisorId, opProperties: expect.objectContaining({ snapshotConcurrency: 5 }) })]);
      const texts = recordedTexts((await project.exportState(stack)).deployment);
      expect(texts.filter((t) => t.type === HYPERVISOR).map((t) => t.text)).toEqual([currentTexts[HYPERVISOR]]);
      // Nothing else was updated: those resources still hold the release's texts.
      for (const t of texts.filter((t) => t.type !== HYPERVISOR)) expect(t.text, t.urn).toBe(releaseTexts[t.type]);
    }, 2 * COMMAND_MS);

    it(`destroys it, ${RELEASE}'s texts deleting the resources that still hold them, and leaves the vendors empty`, async () => {
      const held = recordedTexts((await project.exportState(stack)).deployment).filter((t) => t.text === releaseTexts[t.type]);
      expect(held.length).toBe(total - manifest.resources[HYPERVISOR]);
      const { output } = await project.pulumi(["destroy", "--yes"]);
      expect(summary(output).deleted).toBeGreaterThanOrEqual(total);
      console.info(`upgrade ${RELEASE} destroy: ${summary(output).deleted} deleted, ${held.length} of them through ${RELEASE}'s texts`);
      expect(inventoryCounts(emulators)).toEqual({ sppHypervisors: 0, vspcCompanies: 0, sdpServers: 0, sdpLicenses: 0, sdpVcenters: 0, scpImages: 0, scpVms: 0 });
      expect(emulators.vspc.inventory().logins).toEqual([]);
      expect((await project.exportState(stack)).deployment.resources ?? []).toEqual([]);
    }, 2 * COMMAND_MS);

    it("keeps every secret out of plain text", async () => {
      const scanned = await expectNoPlaintextSecrets(project, stack, { extra: secrets, shown: (args) => args.includes("--show-secrets") });
      console.info(`upgrade ${RELEASE} secrets scan: ${scanned.secrets} secrets against ${scanned.texts} texts`);
    }, COMMAND_MS);
  });
}

for (const release of RELEASES) upgradeFrom(release);
