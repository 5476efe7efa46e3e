/**
 * A stand-in for an object a hook makes later (an emulator started in beforeAll), so a test file can
 * name it in a top-level `const` and use it as it is: every property is read from the object `set`
 * gave last (methods bound to it), and reading one before then throws naming it.
 */
export function lateBound<T extends object>(what: string): { readonly value: T; set(live: T): void; current(): T | undefined } {
  let live: T | undefined;
  const value = new Proxy({} as T, {
    get(_target, prop) {
      if (live === undefined) throw new Error(`${what} is used before the beforeAll hook that makes it`);
      const found: unknown = Reflect.get(live, prop);
      return typeof found === "function" ? (found as (...args: unknown[]) => unknown).bind(live) : found;
    },
  });
  return { value, set: (next) => (live = next), current: () => live };
}
