import * as pulumi from "@pulumi/pulumi";
import { readFileSync } from "node:fs";
import Module from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { captureRegistrations } from "../../harness/capture";
import { FIXTURES } from "../fixtures";
import { declareResource } from "../fixtures/declare";

const REPO_ROOT = dirname(require.resolve("pulumi-backup-infra/package.json"));
const readTexts = (path: string): Record<string, string> => JSON.parse(readFileSync(join(REPO_ROOT, path), "utf8")) as Record<string, string>;
/** The texts this release stores, pinned: every stack keeps them in state, so a change must be deliberate. */
const GOLDEN = readTexts("test/registry/provider-texts.golden.json");
/** The texts release 0.1.0 stored (captured from it): they must keep working. */
const RELEASE_0_1_0 = readTexts("test/upgrade/0.1.0/provider-texts.json");

/** The installed package's registry, as the provider host loads it (from dist/, through the package's exports). */
const registry = (): { providerFor(token: string): pulumi.dynamic.ResourceProvider; PROVIDER_TOKENS: readonly string[] } =>
  require("pulumi-backup-infra/registry") as { providerFor(token: string): pulumi.dynamic.ResourceProvider; PROVIDER_TOKENS: readonly string[] };

/**
 * A `__provider` text loaded the way the nodejs provider host loads it (@pulumi/pulumi
 * `cmd/dynamic-provider`: require-from-string, resolving from the project's directory).
 */
function hostLoad(text: string): pulumi.dynamic.ResourceProvider {
  const m = new Module(join(REPO_ROOT, "__provider.js"));
  m.filename = join(REPO_ROOT, "__provider.js");
  m.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(REPO_ROOT);
  (m as unknown as { _compile(code: string, filename: string): void })._compile(text, m.filename);
  return (m.exports as { handler(): pulumi.dynamic.ResourceProvider }).handler();
}

async function currentTexts(): Promise<Record<string, string>> {
  const texts: Record<string, string> = {};
  for (const f of FIXTURES) {
    const [registration] = await captureRegistrations(pulumi, () => declareResource(f));
    if (registration?.providerText) texts[registration.type] = registration.providerText;
  }
  return texts;
}

/** What a provider's check says about empty inputs: differs between types, so it tells which provider answered. */
const verdictOnEmpty = (p: pulumi.dynamic.ResourceProvider): Promise<pulumi.dynamic.CheckResult> => p.check!({}, {});

describe("the provider registry", () => {
  it("stores the pinned __provider text for every resource type, naming the type token and no file", async () => {
    const texts = await currentTexts();
    expect(Object.keys(texts).sort()).toEqual([...registry().PROVIDER_TOKENS].sort());
    for (const [token, text] of Object.entries(texts)) {
      expect(text, `the __provider text of ${token} changed; stacks keep the old one in state, so keep it loading (an alias) before updating the golden file`).toBe(GOLDEN[token]);
      expect(text).toContain(`token: "${token}"`);
      expect(text).toContain('require("pulumi-backup-infra/registry")');
      expect(text).not.toMatch(/dist\/|\/work\/|\/home\/|\/tmp\//);
    }
  });

  it("loads every type's current text in the provider host to that type's provider", async () => {
    for (const [token, text] of Object.entries(GOLDEN)) {
      expect(await verdictOnEmpty(hostLoad(text))).toEqual(await verdictOnEmpty(registry().providerFor(token)));
    }
  });

  it("loads every text release 0.1.0 stored (pulumi-backup-infra/dist/providers/...) to the same type's provider", async () => {
    // Every type 0.1.0 had is still implemented (later releases add types: those have no 0.1.0 text).
    expect(Object.keys(RELEASE_0_1_0).length).toBe(9);
    expect([...registry().PROVIDER_TOKENS]).toEqual(expect.arrayContaining(Object.keys(RELEASE_0_1_0)));
    for (const [token, text] of Object.entries(RELEASE_0_1_0)) {
      expect(text).toMatch(/modulePath: "providers\/[a-z]+\/[a-z-]+"/);
      const verdict = await verdictOnEmpty(hostLoad(text));
      expect(verdict.failures?.length, token).toBeGreaterThan(0);
      expect(verdict).toEqual(await verdictOnEmpty(registry().providerFor(token)));
    }
  });

  it("refuses a type token it does not implement, naming it and the ones it knows", () => {
    expect(() => registry().providerFor("pulumi-nodejs:dynamic/spp:SppTapeLibrary")).toThrow(
      /has no provider for the type pulumi-nodejs:dynamic\/spp:SppTapeLibrary \(it knows pulumi-nodejs:dynamic\/spp:SppHypervisor, .*\): was this state written by a newer release\?/,
    );
  });
});
