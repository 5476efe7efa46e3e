import { afterAll, beforeAll, beforeEach } from "vitest";
import type { BaseKnobs, EmulatorHandle } from "../../emulators";
import { closeAllAgents } from "../../providers/core/transport";

/**
 * A stand-in for an object a hook makes later (an emulator started in beforeAll), so a test file can
 * name it in a top-level `const` and use it as it is: every property is read from the object `set`
 * gave last (methods bound to it), and reading one before then throws naming it.
 */
export function lateBound<T extends object>(what: string): { readonly value: T; set(live: T): void; current(): T | undefined } {
  let live: T | undefined;
  const value = new Proxy({} as T, {
    get(_target, prop) {
      if (live === undefined) throw new Error(`${what} is used before the beforeAll that starts it`);
      const found: unknown = Reflect.get(live, prop);
      return typeof found === "function" ? (found as (...args: unknown[]) => unknown).bind(live) : found;
    },
  });
  return { value, set: (next) => (live = next), current: () => live };
}

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
