import { LocalWorkspace, PulumiCommand, Stack, type EngineEvent } from "@pulumi/pulumi/automation";
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startVspcEmulator, type VspcEmulator } from "../../emulators";
import { REPO_ROOT } from "../e2e/project";
import { COMMAND_MS, PASSPHRASE, resourcesOf, UserProject } from "./kit/project";
import { pulumiBinDir } from "./kit/pulumi-bin";
import { expectNoPlaintextSecrets } from "./kit/secrets";

/**
 * Pipelines (issue 12, 2i): one backup tenant driven the way a pipeline drives Pulumi. First
 * through the Automation API from this process (LocalWorkspace on the project directory, with
 * the policy pack), then by executing the `run:` steps of examples/pipeline/backup-infra.yml as
 * written, with the environment the workflow sets. One user project, one stack and one VSPC
 * emulator per part.
 */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { BackupTenant } from "pulumi-backup-infra";

const cfg = new pulumi.Config();
const tenant = new BackupTenant("acme", {
  organization: { name: cfg.require("companyName"), email: "backup@acme.example" },
  ownerUserName: "acme-owner",
  ownerPassword: cfg.requireSecret("ownerPassword"),
  companyServices: { remoteServices: { backupAgentsManagement: { workstationAgentsQuota: 50, serverAgentsQuota: 10 }, backupServersManagement: { backupServerQuota: 2 } } },
});

export const companyUid = tenant.companyUid;
export const portalUrl = tenant.portalUrl;
export const ownerApiKey = tenant.ownerApiKey;
`;
const OWNER_PASSWORD = "Pipeline-Owner-Passw0rd-1";
/** Fails the pack's mandatory `credential-strength` rule (too short, one character class). */
const WEAK_PASSWORD = "weakpassword";
const POLICY_PACK = "node_modules/pulumi-backup-infra/policies";
/** The pack's name (policies/index.ts), and how the engine names a local pack in its events and summary. */
const PACK_NAME = "backup-infra";
const PACK_RUN = `${PACK_NAME}|local|${POLICY_PACK}`;
const POLICY_VERSION = (require(join(REPO_ROOT, "node_modules/@pulumi/policy/package.json")) as { version: string }).version.replace(/^v/, "");
const WORKFLOW_PATH = join(REPO_ROOT, "examples/pipeline/backup-infra.yml");
/** The stack itself, the BackupTenant component, its VspcCompany and its VspcApiKey. */
const TENANT_RESOURCES = 4;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function mutatingRequests(vspc: VspcEmulator): string[] {
  return vspc.requests().filter((r) => MUTATING.has(r.method) && !r.route.endsWith("/token")).map((r) => `${r.method} ${r.path}`);
}

/** What the emulator holds of the tenant: its companies (by name) and the API keys issued. */
function tenantInventory(vspc: VspcEmulator): { companies: string[]; apiKeys: { userName: string | null; isReadAccessOnly: boolean; scopes: string[] }[] } {
  const inv = vspc.inventory();
  return {
    companies: inv.companies.map((c) => c.name),
    apiKeys: inv.logins.map((l) => ({ userName: l.userName, isReadAccessOnly: l.isReadAccessOnly, scopes: l.scopes })),
  };
}

/** GET a VSPC API path with an API key: proves the key the stack exported is the one VSPC issued. */
function getWithKey(vspc: VspcEmulator, path: string, key: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${vspc.apiUrl}${path}`, { headers: { authorization: `Bearer ${key}`, "x-client-version": "3.6.1" }, ca: vspc.caCert, timeout: 10_000 }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

function vspcConfig(vspc: VspcEmulator, companyName: string): Record<string, { value: string; secret: boolean }> {
  const entries: Record<string, { value: string; secret: boolean }> = {};
  for (const [key, value] of Object.entries(vspc.stackConfig())) entries[key] = { value, secret: key === "vspc:password" };
  entries["tenant:companyName"] = { value: companyName, secret: false };
  entries["tenant:ownerPassword"] = { value: OWNER_PASSWORD, secret: true };
  return entries;
}

let project: UserProject;
let autoVspc: VspcEmulator;
let ciVspc: VspcEmulator;

beforeAll(async () => {
  autoVspc = await startVspcEmulator({ tls: true });
  ciVspc = await startVspcEmulator({ tls: true });
  project = await UserProject.create({ name: "tenant", files: { "index.ts": PROGRAM }, dependencies: { "@pulumi/policy": POLICY_VERSION } });
}, COMMAND_MS);
afterAll(async () => {
  await project?.close();
  await autoVspc?.close();
  await ciVspc?.close();
}, COMMAND_MS);

describe("one tenant through the Automation API (LocalWorkspace on the project directory, with the policy pack)", () => {
  const STACK = "auto";
  const COMPANY = "Acme Automation";
  let stack: Stack;
  /** Every command the Automation API ran, kept for the secrets scan. */
  const record = (args: string[], result: { stdout: string; stderr: string }): void => void project.transcripts.push({ args, output: `${result.stdout}\n${result.stderr}` });

  beforeAll(async () => {
    // PulumiCommand expects <root>/bin/pulumi; pulumiBinDir() is that bin directory.
    const pulumiCommand = await PulumiCommand.get({ root: dirname(pulumiBinDir()) });
    const workspace = await LocalWorkspace.create({ workDir: project.dir, pulumiCommand, envVars: project.env });
    stack = await Stack.create(STACK, workspace);
    await stack.setAllConfig(vspcConfig(autoVspc, COMPANY));
  }, COMMAND_MS);

  it("previews the tenant as creates with the policy pack run, sending no mutating request", async () => {
    autoVspc.clearLog();
    const events: EngineEvent[] = [];
    const result = await stack.preview({ policyPacks: [POLICY_PACK], diff: true, onEvent: (e) => events.push(e) });
    record(["preview", "--policy-pack", POLICY_PACK], result);
    expect(result.changeSummary).toEqual({ create: TENANT_RESOURCES });
    // The engine writes this field as `PolicyPacks` (see the SDK's SummaryEvent), not as typed.
    const summary = events.find((e) => e.summaryEvent)?.summaryEvent as { PolicyPacks?: Record<string, string> } | undefined;
    expect(summary?.PolicyPacks).toEqual({ [PACK_RUN]: expect.stringMatching(/^v?0\.1\.0$/) });
    expect(events.filter((e) => e.policyEvent)).toEqual([]);
    expect(result.stdout).toMatch(/\+ pulumi-nodejs:dynamic\/vspc:VspcCompany: \(create\)/);
    expect(result.stdout).toMatch(/\+ pulumi-nodejs:dynamic\/vspc:VspcApiKey: \(create\)/);
    expect(mutatingRequests(autoVspc)).toEqual([]);
    expect(tenantInventory(autoVspc)).toEqual({ companies: [], apiKeys: [] });
  }, COMMAND_MS);

  it("fails the policy-checked preview on a mandatory violation, naming the rule and the resource", async () => {
    await stack.setConfig("tenant:ownerPassword", { value: WEAK_PASSWORD, secret: true });
    autoVspc.clearLog();
    const events: EngineEvent[] = [];
    try {
      const failed = await stack.preview({ policyPacks: [POLICY_PACK], onEvent: (e) => events.push(e) }).then(
        () => undefined,
        (error: Error) => error,
      );
      expect(failed?.message).toMatch(/credential-strength/);
      const violations = events.flatMap((e) => (e.policyEvent ? [e.policyEvent] : []));
      expect(violations).toEqual([expect.objectContaining({ policyName: "credential-strength", policyPackName: PACK_NAME, enforcementLevel: "mandatory", resourceUrn: expect.stringMatching(/VspcCompany::acme-company$/) })]);
      expect(violations[0].message).not.toContain(WEAK_PASSWORD);
      expect(mutatingRequests(autoVspc)).toEqual([]);
    } finally {
      await stack.setConfig("tenant:ownerPassword", { value: OWNER_PASSWORD, secret: true });
    }
  }, COMMAND_MS);

  it("creates the tenant with up; the API key output is a secret holding the key VSPC issued", async () => {
    const result = await stack.up({ policyPacks: [POLICY_PACK] });
    record(["up", "--policy-pack", POLICY_PACK], result);
    expect(result.summary.result).toBe("succeeded");
    expect(result.summary.resourceChanges).toEqual({ create: TENANT_RESOURCES });
    expect(tenantInventory(autoVspc)).toEqual({ companies: [COMPANY], apiKeys: [{ userName: "acme-owner", isReadAccessOnly: true, scopes: ["rest"] }] });

    const company = autoVspc.inventory().companies[0];
    expect(result.outputs.companyUid).toEqual({ value: company.instanceUid, secret: false });
    expect(result.outputs.portalUrl).toEqual({ value: new URL(autoVspc.url).origin, secret: false });
    expect(result.outputs.ownerApiKey.secret).toBe(true);
    const key = result.outputs.ownerApiKey.value as string;
    expect(await getWithKey(autoVspc, "/organizations/companies", key)).toBe(200);
    expect(result.stdout).not.toContain(key);
    // The same through `stack output`, as the next pipeline step would read it.
    expect((await stack.outputs()).ownerApiKey).toEqual({ value: key, secret: true });
  }, COMMAND_MS);

  it("reports no changes on a second up and sends no mutating request", async () => {
    autoVspc.clearLog();
    const result = await stack.up({ policyPacks: [POLICY_PACK], expectNoChanges: true });
    record(["up", "--expect-no-changes"], result);
    expect(result.summary.resourceChanges).toEqual({ same: TENANT_RESOURCES });
    expect(mutatingRequests(autoVspc)).toEqual([]);
    expect(tenantInventory(autoVspc).companies).toEqual([COMPANY]);
  }, COMMAND_MS);

  it("sees an out-of-band rename in refresh, and the next up puts the name back", async () => {
    const companyUid = autoVspc.inventory().companies[0].instanceUid;
    autoVspc.renameOrganization(companyUid, "Renamed in the portal");
    autoVspc.clearLog();
    const refreshed = await stack.refresh();
    record(["refresh"], refreshed);
    expect(refreshed.summary.resourceChanges).toEqual({ same: TENANT_RESOURCES - 1, update: 1 });
    expect(mutatingRequests(autoVspc)).toEqual([]);
    const state = (await stack.exportStack()).deployment as Parameters<typeof resourcesOf>[0];
    expect(resourcesOf(state, "VspcCompany")[0].outputs?.organization).toMatchObject({ name: "Renamed in the portal" });

    const up = await stack.up({ policyPacks: [POLICY_PACK] });
    record(["up"], up);
    expect(up.summary.resourceChanges).toEqual({ same: TENANT_RESOURCES - 1, update: 1 });
    expect(mutatingRequests(autoVspc)).toEqual([expect.stringMatching(/^PATCH \/api\/v3\/organizations\/[0-9a-f-]+$/)]);
    expect(tenantInventory(autoVspc).companies).toEqual([COMPANY]);
  }, 2 * COMMAND_MS);

  it("keeps the owner password and the API key out of the outputs and the state", async () => {
    const key = (await stack.outputs()).ownerApiKey.value as string;
    await expectNoPlaintextSecrets(project, STACK, { extra: [OWNER_PASSWORD, key, autoVspc.credentials.password] });
  }, COMMAND_MS);

  it("destroys the tenant, leaving the emulator empty, and removes the stack", async () => {
    const result = await stack.destroy();
    record(["destroy"], result);
    expect(result.summary.resourceChanges).toEqual({ delete: TENANT_RESOURCES });
    expect(tenantInventory(autoVspc)).toEqual({ companies: [], apiKeys: [] });
    await stack.workspace.removeStack(STACK);
    expect((await stack.workspace.listStacks()).map((s) => s.name)).not.toContain(STACK);
  }, COMMAND_MS);
});

// ---- examples/pipeline/backup-infra.yml, step by step ----

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  shell?: string;
}
interface Job {
  if?: string;
  env?: Record<string, string>;
  steps: Step[];
  defaults?: { run?: { shell?: string } };
}
interface Workflow {
  env?: Record<string, string>;
  defaults?: { run?: { shell?: string } };
  jobs: Record<string, Job>;
}

const yaml = require(require.resolve("js-yaml", { paths: [REPO_ROOT] })) as { load(text: string): unknown };
const workflow = yaml.load(readFileSync(WORKFLOW_PATH, "utf8")) as Workflow;

/** A pull request or a push to main, as GitHub would describe it to the workflow's expressions. */
interface Event {
  name: "pull_request" | "push";
  secrets: Record<string, string>;
}

/** `${{ … }}` as far as the workflow uses it: secrets, github.* and env.* lookups, and `github.event_name == '…'`. */
function evaluate(expression: string, event: Event, env: Record<string, string>): string | boolean {
  const e = expression.trim();
  const comparison = e.match(/^github\.event_name == '([a-z_]+)'$/);
  if (comparison) return event.name === comparison[1];
  if (e === "always()") return true;
  const secret = e.match(/^secrets\.(\w+)$/);
  if (secret) return event.secrets[secret[1]] ?? "";
  const envRef = e.match(/^env\.(\w+)$/);
  if (envRef) return env[envRef[1]] ?? "";
  const github: Record<string, string> = { "github.token": "ghs-test-token", "github.event.pull_request.number": "12", "github.ref": event.name === "push" ? "refs/heads/main" : "refs/pull/12/merge" };
  if (e in github) return github[e];
  throw new Error(`the workflow uses an expression the test does not model: \${{ ${e} }}`);
}
function interpolate(text: string, event: Event, env: Record<string, string>): string {
  return text.replace(/\$\{\{([^}]*)\}\}/g, (_m, e: string) => String(evaluate(e, event, env)));
}
/** A step's or job's `if:` (the expression may be written with or without `${{ }}`). */
function condition(text: string | undefined, event: Event, env: Record<string, string>): boolean {
  if (text === undefined) return true;
  return evaluate(text.replace(/^\$\{\{(.*)\}\}$/s, "$1"), event, env) === true;
}

interface StepRun {
  name: string;
  command: string;
  code: number;
  output: string;
  env: Record<string, string>;
}
interface JobRun {
  steps: StepRun[];
  /** The steps with `uses:`, which set the runner up (checkout, Node, the CLI) and are not run here. */
  uses: Step[];
  /** The `run:` steps not run because the project is already installed (`npm ci`). */
  skipped: string[];
  /** Each `pulumi` invocation the steps made, as argv. */
  pulumiCalls: string[][];
  /** Each `gh` invocation: argv, and the body file's text when one is given. */
  ghCalls: { args: string[]; body?: string }[];
  ok: boolean;
}

/**
 * Runs one job's `run:` steps in the project the way a GitHub runner does: the step script with
 * the job's shell, in the checkout, with the workflow's, job's and step's env (expressions
 * resolved) over a runner environment that has the CLI on PATH and nothing of Pulumi's backend or
 * passphrase. `npm ci` is skipped (the project is installed); `pulumi` and `gh` are shims on PATH
 * that record their arguments (`pulumi` then runs the real CLI; `gh` does nothing more).
 */
async function runJob(jobName: string, event: Event): Promise<JobRun | undefined> {
  const job = workflow.jobs[jobName];
  const shimDir = mkdtempSync(join(tmpdir(), "backup-infra-ci-shims-"));
  try {
    const pulumiLog = join(shimDir, "pulumi.log");
    const ghLog = join(shimDir, "gh.log");
    // One line per call, arguments separated by \x1f (no argument of theirs holds one).
    const shim = (log: string, then: string): string => `#!/bin/bash\n{ printf '%s\\x1f' "$@"; echo; } >> '${log}'\n${then}\n`;
    writeFileSync(join(shimDir, "pulumi"), shim(pulumiLog, `exec '${join(pulumiBinDir(), "pulumi")}' "$@"`));
    writeFileSync(join(shimDir, "gh"), shim(ghLog, `while [ $# -gt 0 ]; do if [ "$1" = --body-file ]; then cp "$2" '${ghLog}.body'; fi; shift; done`));
    chmodSync(join(shimDir, "pulumi"), 0o755);
    chmodSync(join(shimDir, "gh"), 0o755);
    const runner: Record<string, string> = {
      PATH: [shimDir, pulumiBinDir(), process.env.PATH ?? ""].join(delimiter),
      HOME: project.env.HOME,
      PULUMI_HOME: project.env.PULUMI_HOME,
      // What the runner image would otherwise do over the network.
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      CI: "true",
      GITHUB_ACTIONS: "true",
      GITHUB_EVENT_NAME: event.name,
    };
    if (project.env.BACKUP_INFRA_AUDIT_DIR) runner.BACKUP_INFRA_AUDIT_DIR = project.env.BACKUP_INFRA_AUDIT_DIR;
    const resolve = (vars: Record<string, string> | undefined, into: Record<string, string>): Record<string, string> => {
      const out = { ...into };
      for (const [k, v] of Object.entries(vars ?? {})) out[k] = interpolate(String(v), event, out);
      return out;
    };
    const workflowEnv = resolve(workflow.env, {});
    if (!condition(job.if, event, workflowEnv)) return undefined;
    const jobEnv = resolve(job.env, workflowEnv);
    const shell = job.defaults?.run?.shell ?? workflow.defaults?.run?.shell;
    const run: JobRun = { steps: [], uses: [], skipped: [], pulumiCalls: [], ghCalls: [], ok: true };
    for (const step of job.steps) {
      if (step.uses) {
        run.uses.push(step);
        continue;
      }
      if (step.run === undefined) throw new Error(`step ${step.name ?? "?"} has neither uses nor run`);
      if (step.run.trim() === "npm ci") {
        run.skipped.push(step.run.trim());
        continue;
      }
      const stepEnv = resolve(step.env, jobEnv);
      if (!(run.ok ? condition(step.if, event, stepEnv) : step.if !== undefined && /always\(\)/.test(step.if))) continue;
      const script = join(shimDir, `step-${run.steps.length}.sh`);
      writeFileSync(script, step.run);
      // GitHub's own invocations: `shell: bash` is bash -eo pipefail, no shell given is bash -e.
      const argv = (step.shell ?? shell) === "bash" ? ["--noprofile", "--norc", "-eo", "pipefail", script] : ["-e", script];
      const { code, output } = await new Promise<{ code: number; output: string }>((done, fail) => {
        const child = spawn("bash", argv, { cwd: project.dir, env: { ...runner, ...stepEnv }, stdio: ["ignore", "pipe", "pipe"] });
        let text = "";
        child.stdout.on("data", (d: Buffer) => (text += d.toString()));
        child.stderr.on("data", (d: Buffer) => (text += d.toString()));
        const timer = setTimeout(() => child.kill("SIGKILL"), COMMAND_MS);
        child.on("error", fail);
        child.on("close", (c) => {
          clearTimeout(timer);
          done({ code: c ?? 128, output: text });
        });
      });
      run.steps.push({ name: step.name ?? step.run, command: step.run.trim(), code, output, env: stepEnv });
      project.transcripts.push({ args: ["(workflow step)", step.run.trim()], output });
      if (code !== 0) run.ok = false;
    }
    const calls = (log: string): string[][] => {
      try {
        return readFileSync(log, "utf8").split("\n").filter(Boolean).map((line) => line.split("\x1f").slice(0, -1));
      } catch {
        return [];
      }
    };
    run.pulumiCalls = calls(pulumiLog);
    run.ghCalls = calls(ghLog).map((args) => {
      try {
        return { args, body: readFileSync(`${ghLog}.body`, "utf8") };
      } catch {
        return { args };
      }
    });
    for (const c of run.ghCalls) if (c.body) project.transcripts.push({ args: ["(pr comment)"], output: c.body });
    return run;
  } finally {
    await rm(shimDir, { recursive: true, force: true });
  }
}

describe("examples/pipeline/backup-infra.yml: its commands, run as written", () => {
  const STACK = "dev";
  const COMPANY = "Acme Pipeline";
  const PREVIEW = ["preview", "--stack", STACK, "--policy-pack", POLICY_PACK, "--diff", "--color", "never"];
  const UP = ["up", "--yes", "--stack", STACK, "--policy-pack", POLICY_PACK];
  let event: (name: Event["name"]) => Event;
  const SETUP = ["actions/checkout@v4", "actions/setup-node@v4", "pulumi/actions@v6"];

  beforeAll(async () => {
    // The stack exists before the pipeline runs, as the workflow's header says; its config is the
    // committed Pulumi.dev.yaml.
    await project.pulumi(["stack", "init", STACK]);
    await project.setConfig(vspcConfig(ciVspc, COMPANY));
    event = (name) => ({ name, secrets: { PULUMI_BACKEND_URL: project.env.PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE } });
  }, COMMAND_MS);

  it("is plain commands: the CLI is only installed by pulumi/actions, and no run line holds an expression", () => {
    expect(workflow.env).toMatchObject({ STACK, PULUMI_BACKEND_URL: "${{ secrets.PULUMI_BACKEND_URL }}", PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}" });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const pulumiActions = job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
      expect(pulumiActions, name).toHaveLength(1);
      expect(pulumiActions[0].with?.command, name).toBeUndefined();
      for (const step of job.steps) if (step.run) expect(step.run, `${name}: ${step.run}`).not.toContain("${{");
    }
  });

  it("pull request: the preview job previews with the policy pack, sends nothing mutating and comments the preview", async () => {
    ciVspc.clearLog();
    expect(await runJob("up", event("pull_request"))).toBeUndefined();
    const job = await runJob("preview", event("pull_request"));
    if (!job) throw new Error("the preview job did not run on a pull request");
    expect(job.uses.map((s) => s.uses)).toEqual(SETUP);
    expect(job.skipped).toEqual(["npm ci"]);
    expect(job.steps.map((s) => ({ command: s.command, code: s.code }))).toEqual([
      { command: `pulumi preview --stack "$STACK" --policy-pack ${POLICY_PACK} --diff --color never 2>&1 | tee preview.txt`, code: 0 },
      { command: expect.stringContaining(`gh pr comment "$PR_NUMBER" --body-file preview.md`), code: 0 },
    ]);
    expect(job.steps[0].env).toMatchObject({ STACK, PULUMI_BACKEND_URL: project.env.PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE });
    expect(job.pulumiCalls).toEqual([PREVIEW]);
    const preview = job.steps[0].output;
    expect(preview).toMatch(/\+ pulumi-nodejs:dynamic\/vspc:VspcCompany: \(create\)/);
    expect(preview).toMatch(new RegExp(`${TENANT_RESOURCES} to create`));
    expect(preview).toMatch(/Policy Packs run:\s+Name\s+Version\s+backup-infra\|local\|node_modules\/pulumi-backup-infra\/policies\s+0\.1\.0/);
    expect(preview).not.toContain("\x1b[");
    expect(mutatingRequests(ciVspc)).toEqual([]);
    expect(tenantInventory(ciVspc)).toEqual({ companies: [], apiKeys: [] });

    expect(job.ghCalls).toEqual([{ args: ["pr", "comment", "12", "--body-file", "preview.md"], body: expect.stringContaining(`pulumi preview --stack ${STACK}`) }]);
    expect(job.ghCalls[0].body).toContain(preview.trim().split("\n").at(-1));
    expect(job.steps[1].env.GH_TOKEN).toBe("ghs-test-token");
  }, 2 * COMMAND_MS);

  it("pull request: a mandatory violation fails the preview step, and the comment still names the rule", async () => {
    await project.setConfig({ "tenant:ownerPassword": { value: WEAK_PASSWORD, secret: true } });
    try {
      ciVspc.clearLog();
      const job = await runJob("preview", event("pull_request"));
      if (!job) throw new Error("the preview job did not run on a pull request");
      expect(job.ok).toBe(false);
      expect(job.steps.map((s) => s.code)).toEqual([expect.any(Number), 0]);
      expect(job.steps[0].code).not.toBe(0);
      expect(job.pulumiCalls).toEqual([PREVIEW]);
      expect(job.steps[0].output).toMatch(/\[mandatory\]\s+credential-strength\s+\(pulumi-nodejs:dynamic\/vspc:VspcCompany: acme-company\)/);
      expect(job.ghCalls[0].body).toMatch(/credential-strength/);
      expect(job.ghCalls[0].body).not.toContain(WEAK_PASSWORD);
      expect(mutatingRequests(ciVspc)).toEqual([]);
    } finally {
      await project.setConfig({ "tenant:ownerPassword": { value: OWNER_PASSWORD, secret: true } });
    }
  }, 2 * COMMAND_MS);

  it("push to main: the up job applies the tenant with the policy pack", async () => {
    expect(await runJob("preview", event("push"))).toBeUndefined();
    const job = await runJob("up", event("push"));
    if (!job) throw new Error("the up job did not run on a push");
    expect(job.uses.map((s) => s.uses)).toEqual(SETUP);
    expect(job.skipped).toEqual(["npm ci"]);
    expect(job.steps.map((s) => ({ command: s.command, code: s.code }))).toEqual([{ command: `pulumi up --yes --stack "$STACK" --policy-pack ${POLICY_PACK}`, code: 0 }]);
    expect(job.steps[0].env).toMatchObject({ STACK, PULUMI_BACKEND_URL: project.env.PULUMI_BACKEND_URL, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE });
    expect(job.pulumiCalls).toEqual([UP]);
    expect(job.steps[0].output).toMatch(new RegExp(`\\+ ${TENANT_RESOURCES} created`));
    expect(tenantInventory(ciVspc)).toEqual({ companies: [COMPANY], apiKeys: [{ userName: "acme-owner", isReadAccessOnly: true, scopes: ["rest"] }] });
    const shown = await project.pulumi(["stack", "output", "ownerApiKey", "--show-secrets", "--stack", STACK]);
    const key = shown.output.trim();
    expect(await getWithKey(ciVspc, "/organizations/companies", key)).toBe(200);
    await expectNoPlaintextSecrets(project, STACK, { extra: [OWNER_PASSWORD, WEAK_PASSWORD, key, ciVspc.credentials.password], shown: (args) => args.includes("--show-secrets") });

    // The same push again: nothing to do.
    ciVspc.clearLog();
    const again = await runJob("up", event("push"));
    expect(again?.ok).toBe(true);
    expect(again?.steps[0].output).toMatch(new RegExp(`${TENANT_RESOURCES} unchanged`));
    expect(mutatingRequests(ciVspc)).toEqual([]);

    await project.pulumi(["destroy", "--yes", "--stack", STACK]);
    expect(tenantInventory(ciVspc)).toEqual({ companies: [], apiKeys: [] });
  }, 4 * COMMAND_MS);
});
