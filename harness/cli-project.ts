import { execFile, spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { pulumiBinDir } from "./pulumi-bin";

/** This repository (through its self-link, from the sources and from dist/ alike). */
const REPO_ROOT = dirname(require.resolve("pulumi-backup-infra/package.json"));

const run = promisify(execFile);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const INSTALL_MS = 180_000;
/** One CLI command; the longest (an estate up with builds and tasks) takes well under a minute. */
export const COMMAND_MS = 240_000;
export const PASSPHRASE = "cli-tier-passphrase";

/** What `pulumi new typescript` puts in a project's devDependencies (the versions this repository builds with). */
export const USER_DEV_DEPENDENCIES = { "@types/node": "^20.19.0", typescript: "~5.9.3", "ts-node": "^10.9.2" };

export const DEV_PULUMI = (require(join(REPO_ROOT, "node_modules/@pulumi/pulumi/package.json")) as { version: string }).version;

/**
 * The tsconfig `pulumi new typescript` generated until 2026-03 (pulumi/templates a3029400), as
 * generated; test/e2e/consumer-compile.test.ts also compiles against today's (nodenext).
 */
export const PULUMI_NEW_TSCONFIG_TEXT = readFileSync(join(REPO_ROOT, "test/e2e/consumer/templates/typescript-2024-04.tsconfig.json"), "utf8");

let packing: Promise<string> | undefined;
/** `npm pack` of this repository's build, once per test process. */
export function packedTarball(): Promise<string> {
  packing ??= (async () => {
    if (!existsSync(join(REPO_ROOT, "dist/providers/index.js"))) throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    const dir = mkdtempSync(join(tmpdir(), "backup-infra-cli-pack-"));
    await run(npm, ["pack", "--ignore-scripts", "--pack-destination", dir], { cwd: REPO_ROOT, timeout: 60_000 });
    const tarball = readdirSync(dir).find((f) => f.endsWith(".tgz"));
    if (!tarball) throw new Error("npm pack produced no tarball");
    return join(dir, tarball);
  })();
  return packing;
}

export interface CommandResult {
  code: number;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
}

export interface ProjectOptions {
  /** Project name in Pulumi.yaml. */
  name: string;
  /** Program files by path relative to the project (an `index.ts` at least). */
  files: Record<string, string>;
  /** Extra runtime dependencies, by name and npm spec. */
  dependencies?: Record<string, string>;
}

/** The environment every CLI command of a test project runs in: offline, a file backend under `root`, the CLI's bin (`npm run pulumi:bin`'s unless given) first on PATH. */
export function cliEnv(root: string, stateDir: string, cliBin: string = pulumiBinDir()): Record<string, string> {
  const env: Record<string, string> = {
    PATH: [cliBin, process.env.PATH ?? ""].join(delimiter),
    HOME: process.env.HOME ?? root,
    PULUMI_HOME: join(root, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // No colour codes in what the tests read.
    NO_COLOR: "1",
  };
  if (process.env.BACKUP_INFRA_AUDIT_DIR) env.BACKUP_INFRA_AUDIT_DIR = process.env.BACKUP_INFRA_AUDIT_DIR;
  return env;
}

/** A fresh temp root for a test project, with its `project` and `state` directories. */
export function projectRoot(name: string): { root: string; dir: string; stateDir: string } {
  const root = mkdtempSync(join(tmpdir(), `backup-infra-cli-${name}-`));
  const dir = join(root, "project");
  const stateDir = join(root, "state");
  mkdirSync(dir);
  mkdirSync(stateDir);
  return { root, dir, stateDir };
}

export async function npmInstall(dir: string): Promise<void> {
  await run(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], { cwd: dir, timeout: INSTALL_MS });
}

/**
 * The real Pulumi CLI on a project in a temp dir, whatever its language: a local file backend and
 * passphrase secrets, and the CLI from `pulumi:bin` on PATH. Every command's whole output is kept
 * for the secrets scan.
 */
export class CliProject {
  readonly transcripts: { args: string[]; output: string }[] = [];
  protected constructor(
    readonly dir: string,
    readonly stateDir: string,
    readonly env: Record<string, string>,
    protected readonly root: string,
  ) {}

  /** Starts `pulumi args…` in the project; the caller waits on `done`. */
  start(args: string[], opts: { timeoutMs?: number } = {}): { child: ChildProcess; done: Promise<CommandResult> } {
    const child = spawn(join(this.env.PATH.split(delimiter)[0], "pulumi"), [...args, "--non-interactive"], {
      cwd: this.dir,
      env: this.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? COMMAND_MS);
    const done = new Promise<CommandResult>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        this.transcripts.push({ args, output });
        resolve({ code: code ?? (signal ? 128 : 1), output });
      });
    });
    return { child, done };
  }

  /** Runs `pulumi args…`; fails with its output unless it exits with `expectCode` (default 0). */
  async pulumi(args: string[], opts: { expectCode?: number | "nonzero"; timeoutMs?: number } = {}): Promise<CommandResult> {
    const result = await this.start(args, opts).done;
    const want = opts.expectCode ?? 0;
    const ok = want === "nonzero" ? result.code !== 0 : result.code === want;
    if (!ok) throw new Error(`pulumi ${args.join(" ")} exited ${result.code} (wanted ${want}):\n${result.output}`);
    return result;
  }

  /** `pulumi config set` for each entry (secrets with --secret, read from stdin so no value is an argument). */
  async setConfig(entries: Record<string, { value: string; secret?: boolean } | string>): Promise<void> {
    for (const [key, entry] of Object.entries(entries)) {
      const { value, secret } = typeof entry === "string" ? { value: entry, secret: false } : entry;
      await new Promise<void>((resolve, reject) => {
        const child = execFile(join(this.env.PATH.split(delimiter)[0], "pulumi"), ["config", "set", key, ...(secret ? ["--secret"] : []), "--non-interactive"], { cwd: this.dir, env: this.env, timeout: 60_000 }, (error, _stdout, stderr) =>
          error ? reject(new Error(`pulumi config set ${key} failed: ${stderr}`)) : resolve(),
        );
        child.stdin?.end(value);
      });
    }
  }

  /** `pulumi stack init` (the new stack is selected from then on) and its config, a key secret where `isSecret` says. */
  async initStack(stack: string, config: Record<string, string>, isSecret: (key: string) => boolean): Promise<void> {
    await this.pulumi(["stack", "init", stack]);
    await this.setConfig(Object.fromEntries(Object.entries(config).map(([key, value]) => [key, { value, secret: isSecret(key) }])));
  }

  /** The stack's checkpoint (what `pulumi stack export` prints). */
  async exportState(stack: string): Promise<{ text: string; deployment: Deployment }> {
    const { output } = await this.pulumi(["stack", "export", "--stack", stack]);
    return { text: output, deployment: (JSON.parse(output) as { deployment: Deployment }).deployment };
  }

  /** Every file the file backend wrote, as text. */
  stateFiles(): { path: string; text: string }[] {
    const files: { path: string; text: string }[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else files.push({ path, text: readFileSync(path, "utf8") });
      }
    };
    walk(this.stateDir);
    return files;
  }

  async close(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }
}

/**
 * A user's TypeScript project, for the CLI tier (test/cli) and the bench, made the way the README
 * tells users: `@pulumi/pulumi` and the packed tarball (plus TypeScript and ts-node, as a
 * `pulumi new typescript` project has).
 */
export class UserProject extends CliProject {
  static async create(opts: ProjectOptions): Promise<UserProject> {
    const tarball = await packedTarball();
    const { root, dir, stateDir } = projectRoot(opts.name);
    const pkg = {
      name: opts.name,
      main: "index.ts",
      private: true,
      devDependencies: USER_DEV_DEPENDENCIES,
      dependencies: { "@pulumi/pulumi": DEV_PULUMI, "pulumi-backup-infra": `file:${tarball}`, ...opts.dependencies },
    };
    writeFileSync(join(dir, "package.json"), `${JSON.stringify(pkg, null, 2)}\n`);
    writeFileSync(join(dir, "tsconfig.json"), PULUMI_NEW_TSCONFIG_TEXT);
    writeFileSync(join(dir, "Pulumi.yaml"), `name: ${opts.name}\nruntime:\n  name: nodejs\n  options:\n    typescript: true\n`);
    for (const [path, text] of Object.entries(opts.files)) writeFileSync(join(dir, path), text);
    await npmInstall(dir);
    return new UserProject(dir, stateDir, cliEnv(root, stateDir), root);
  }

  /** Copies a file of this repository into the project (e.g. the example estate's sources). */
  copyIn(repoPath: string, as: string): void {
    copyFileSync(join(REPO_ROOT, repoPath), join(this.dir, as));
  }
}

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  initErrors?: string[];
  pendingReplacement?: boolean;
}

export interface Deployment {
  resources?: StateResource[];
  pending_operations?: { resource: StateResource; type: string }[];
}

/** The resources of a given bare type (`SdpServer`) in a deployment. */
export function resourcesOf(deployment: Deployment, type: string): StateResource[] {
  return (deployment.resources ?? []).filter((r) => r.type.endsWith(`:${type}`));
}
