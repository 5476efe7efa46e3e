import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AllEmulators } from "../../emulators";
import type { ScpSnapshot } from "../../emulators/scp";
import type { SdpSnapshot } from "../../emulators/sdp";
import type { SppSnapshot } from "../../emulators/spp";
import type { VspcSnapshot } from "../../emulators/vspc";
import type { Deployment } from "../../harness/cli-project";

/**
 * What test/upgrade/capture.ts writes for a release into test/upgrade/<version>/ and
 * test/cli/upgrade.test.ts reads back: the files, their shapes and the helpers both sides share.
 */
export const UPGRADE_DIR = __dirname;
export const FILES = {
  /** Written by hand from the release's registered providers (read-only here): type token → `__provider` text. */
  providerTexts: "provider-texts.json",
  manifest: "manifest.json",
  /** `pulumi stack export` as the release's run left it (secrets as passphrase ciphertext). */
  state: "state.json",
  /** The stack's config file: the passphrase salt and the config, secrets encrypted. */
  stackConfig: (stack: string) => `Pulumi.${stack}.yaml`,
  /** Each vendor emulator's objects (emulators/kit/snapshot.ts: secrets as SHA-256 only). */
  emulators: "emulators.json",
  /** The Pulumi program the stack ran, as run. */
  program: "program",
} as const;

/**
 * The emulators listen on consecutive ports from here during the capture and the test: SPP records
 * the server URL in each SppHypervisor's outputs (`serverUrl`, replace-on-change), so the restored
 * vendor must answer at the same address. Below Linux's ephemeral range (32768-60999), where the
 * other tests' emulators (port 0) take theirs.
 */
export const PORT_BASE = 24710;

export interface CaptureManifest {
  /** The release (package.json version) and the commit it was built from. */
  release: string;
  commit: string;
  capturedAt: string;
  project: string;
  stack: string;
  /** The passphrase of the stack's secrets provider: the CLI tier's test passphrase (harness/cli-project.ts), not a secret. */
  passphrase: string;
  pulumiCli: string;
  pulumiSdk: string;
  portBase: number;
  /** Files of the program directory, by name. */
  programFiles: string[];
  /** Resources of each dynamic type in the state. */
  resources: Record<string, number>;
  /** inventoryCounts (harness/cli-estate.ts) of the emulators after the release's `pulumi up`. */
  inventory: Record<string, number>;
}

export interface EmulatorSnapshots {
  spp: SppSnapshot;
  vspc: VspcSnapshot;
  sdp: SdpSnapshot;
  scp: ScpSnapshot;
}

export function releaseDir(release: string): string {
  return join(UPGRADE_DIR, release);
}

export function readJson<T>(release: string, file: string): T {
  return JSON.parse(readFileSync(join(releaseDir(release), file), "utf8")) as T;
}

export function snapshotAll(e: AllEmulators): EmulatorSnapshots {
  return { spp: e.spp.snapshot(), vspc: e.vspc.snapshot(), sdp: e.sdp.snapshot(), scp: e.scp.snapshot() };
}

/** Restores every vendor into freshly started emulators, which must serve at the captured URLs. */
export function restoreAll(e: AllEmulators, s: EmulatorSnapshots, secrets: Iterable<string>): void {
  const wrongUrl = (["spp", "vspc", "sdp", "scp"] as const).filter((v) => e[v].url !== s[v].url).map((v) => `${v} at ${e[v].url}, captured at ${s[v].url}`);
  if (wrongUrl.length > 0) throw new Error(`restore: the emulators must serve where they were captured (${wrongUrl.join("; ")})`);
  const given = [...secrets];
  e.spp.restore(s.spp, { secrets: given });
  e.vspc.restore(s.vspc, { secrets: given });
  e.sdp.restore(s.sdp, { secrets: given });
  e.scp.restore(s.scp);
}

/** The signature key the engine marks a secret value with in a checkpoint. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";

function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

/** Every string inside the secret values of `pulumi stack export --show-secrets` output. */
export function plaintextSecrets(exported: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const o = value as Record<string, unknown>;
      if (SECRET_SIG in o && typeof o.plaintext === "string") for (const s of strings(JSON.parse(o.plaintext))) found.add(s);
      else Object.values(o).forEach(walk);
    }
  };
  walk(exported);
  return [...found];
}

/** The secret values of `pulumi config --show-secrets --json` output. */
export function configSecrets(json: string): string[] {
  const config = JSON.parse(json) as Record<string, { value?: unknown; secret?: boolean }>;
  return Object.values(config).filter((c) => c.secret && typeof c.value === "string").map((c) => String(c.value));
}

/** Each dynamic resource of a deployment with the `__provider` text in its outputs. */
export function recordedTexts(deployment: Deployment): { urn: string; type: string; text: unknown }[] {
  return (deployment.resources ?? []).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")).map((r) => ({ urn: r.urn, type: r.type, text: r.outputs?.__provider }));
}

/** Resources per dynamic type. */
export function typeCounts(deployment: Deployment): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const { type } of recordedTexts(deployment)) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}
