import { spawn, type ChildProcess } from "node:child_process";

export interface PluginProcess {
  readonly pid: number;
  readonly port: number;
  /** Everything the process printed on stdout and stderr so far. */
  output(): string;
  /** Ends the process (SIGTERM, then SIGKILL after 3 s) and waits for it; idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts a Pulumi plugin the way the engine does — `node <script> <engine-address> [...args]` —
 * and waits for the port it prints on its first line of stdout.
 */
export async function startPluginProcess(opts: {
  script: string;
  args?: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  nodePath?: string;
  startTimeoutMs: number;
  onOutput?: (text: string) => void;
}): Promise<PluginProcess> {
  const child = spawn(opts.nodePath ?? process.execPath, [opts.script, "127.0.0.1:1", ...(opts.args ?? [])], { cwd: opts.cwd, env: opts.env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const collect = (d: Buffer): void => {
    output += d.toString();
    opts.onOutput?.(d.toString());
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const port = await readPort(child, () => output, opts.startTimeoutMs);
  let stopped: Promise<void> | undefined;
  return {
    pid: child.pid ?? -1,
    port,
    output: () => output,
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 3_000).unref();
      });
      return stopped;
    },
  };
}

function readPort(child: ChildProcess, output: () => string, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let stdout = "";
    const timer = setTimeout(() => fail(`did not print its port within ${timeoutMs} ms`), timeoutMs);
    const onData = (d: Buffer): void => {
      stdout += d.toString();
      const line = stdout.split("\n")[0];
      if (stdout.includes("\n") && /^\d+$/.test(line.trim())) {
        cleanup();
        resolve(Number(line.trim()));
      }
    };
    const onExit = (code: number | null): void => fail(`exited with code ${code} before printing its port`);
    function cleanup(): void {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
    }
    function fail(why: string): void {
      cleanup();
      child.kill("SIGKILL");
      reject(new Error(`the plugin process ${why}; its output:\n${output()}`));
    }
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
  });
}
