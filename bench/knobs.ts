/**
 * Emulator settings of the per-operation measurements (request counts and provider overhead).
 * Every vendor request takes `latencyMs` in the emulator, so that the emulator's share of a round
 * trip is large enough for the subtraction to matter; the waits are short to keep the run brief.
 */
export const OP_KNOBS = {
  latencyMs: 20,
  sdp: { buildMs: 1_800, deleteMs: 200 },
  scp: { taskMs: 100, vmtoolsMs: 100 },
  spp: { inventoryMs: 1_000 },
} as const;

/** Emulator settings of the naive-baseline comparison (fresh emulators and a fresh provider host). */
export const BASELINE_KNOBS = {
  latencyMs: 20,
  sdp: { buildMs: 5_000 },
  spp: { inventoryMs: 3_000 },
} as const;
