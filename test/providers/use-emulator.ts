import { afterAll, beforeAll, beforeEach } from "vitest";
import type { BaseKnobs, EmulatorHandle } from "../../emulators";
import { closeAllAgents } from "../../providers/core/transport";
import { lateBound } from "./late-bound";

/** What is undone before each test besides the clients and the stack config; both by default. */
export interface EachTest {
  /** emu.clearLog(): each test sees only its own requests. */
  clearLog?: boolean;
  /** emu.clearFaults(): no fault a test left behind reaches the next. */
  clearFaults?: boolean;
}

/**
 * One emulator for a test file: `start`ed before its tests, closed (with the transport's agents)
 * after them, and before each test `configure`d (the vendor's clients reset, the stack config
 * pointed at it) with its log and faults cleared as `each` says. Call it before the file's own
 * hooks, which then run after these. Returns the emulator, usable from beforeAll on.
 */
export function useEmulator<E extends EmulatorHandle<K>, K extends BaseKnobs>(what: string, start: () => Promise<E>, configure: (emu: E) => void, each: EachTest = {}): E {
  const emu = lateBound<E>(what);
  beforeAll(async () => emu.set(await start()));
  afterAll(async () => {
    await closeAllAgents();
    await emu.current()?.close();
  });
  beforeEach(() => {
    configure(emu.value);
    if (each.clearLog ?? true) emu.value.clearLog();
    if (each.clearFaults ?? true) emu.value.clearFaults();
  });
  return emu.value;
}
