import { execFile } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { once } from "node:events";
import { promisify } from "node:util";
import { startScpEmulator } from "../emulators";

const run = promisify(execFile);
const MIB = 1024 * 1024;

export interface UploadFigures {
  bytes: number;
  attempts: number;
  verified: boolean;
  ms: number;
  /** The provider process's resident memory before the upload and at its highest during it. */
  baselineRss: number;
  peakRss: number;
}

/** Writes `mib` MiB of pseudo-random bytes, 1 MiB at a time (the file never sits in memory here either). */
async function writeFile(path: string, mib: number): Promise<void> {
  const out = createWriteStream(path);
  const block = Buffer.alloc(MIB);
  for (let i = 0; i < mib; i++) {
    for (let j = 0; j < MIB; j += 4) block.writeUInt32LE(((i * MIB + j) * 2654435761) >>> 0, j);
    if (!out.write(block)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
}

/**
 * One upload of a `mib` MiB VMA file from a child process (dist/bench/vma-upload-child.js) into
 * the SCP emulator, the first `breaks` tries cut off halfway; the child's figures.
 */
export async function measureVmaUpload(mib: number, breaks = 0, timeoutMs = 600_000): Promise<UploadFigures> {
  const dir = mkdtempSync(join(tmpdir(), "vma-bench-"));
  const emu = await startScpEmulator({ knobs: { taskMs: 20 } });
  try {
    const file = join(dir, "bench.vma");
    await writeFile(file, mib);
    emu.breakUploads(breaks);
    const child = join(dirname(require.resolve("pulumi-backup-infra/package.json")), "dist/bench/vma-upload-child.js");
    if (!existsSync(child)) throw new Error(`${child} is missing: run \`npm run build\` first`);
    const { stdout } = await run(process.execPath, [child], { env: { ...process.env, VMA_BENCH_FILE: file, VMA_BENCH_CONFIG: JSON.stringify({ ...emu.stackConfig(), "scp:caCert": emu.caCert ?? "" }) }, timeout: timeoutMs, maxBuffer: 16 * MIB });
    return JSON.parse(stdout.trim().split("\n").pop() ?? "{}") as UploadFigures;
  } finally {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The bench's section: a 1 GiB upload with one cut-off try. */
export async function vmaUploadSection(): Promise<string> {
  const f = await measureVmaUpload(1024, 1);
  const mb = (n: number) => `${(n / MIB).toFixed(0)} MiB`;
  return `## ScpVmaImage: a 1 GiB VMA upload

Measured: one \`ScpVmaImage\` create from a provider process of its own into the SCP emulator (TLS on
loopback), the first try cut off halfway (so the file is hashed once and sent 1.5 times).

| file | attempts | verified | time | throughput (file bytes / time) | provider RSS before | peak RSS | growth |
|---|---|---|---|---|---|---|---|
| ${mb(f.bytes)} | ${f.attempts} | ${f.verified} | ${(f.ms / 1000).toFixed(1)} s | ${(f.bytes / MIB / (f.ms / 1000)).toFixed(0)} MiB/s | ${mb(f.baselineRss)} | ${mb(f.peakRss)} | ${mb(f.peakRss - f.baselineRss)} |
`;
}
