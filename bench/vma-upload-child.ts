/**
 * One ScpVmaImage create in a process of its own, so that its peak memory is the provider's alone:
 * the emulator runs in the parent (bench/vma-upload.ts). Prints one JSON line of figures.
 */
import { setStackConfig } from "../providers/core/config";
import { provider } from "../providers/scp/vma-image.provider";

async function main(): Promise<void> {
  const config = JSON.parse(process.env.VMA_BENCH_CONFIG ?? "{}") as Record<string, string>;
  setStackConfig({ get: (k) => config[k] });
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const started = Date.now();
  const { outs } = await provider.create({ vmaPath: process.env.VMA_BENCH_FILE, name: "bench-upload", azId: "az-1", ownerId: "admin", __provider: "shim" });
  const ms = Date.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  process.stdout.write(`${JSON.stringify({ bytes: outs?.uploadedBytes, attempts: outs?.uploadAttempts, verified: outs?.verified, ms, baselineRss: baseline, peakRss: peak })}\n`);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
