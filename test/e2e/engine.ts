import { afterAll, beforeAll } from "vitest";
import { startProviderHost, type ProviderHost, type Registration } from "../../harness";
import { REPO, captureResource, requireBuilt, type Runtime } from "./project";

/** One vendor's emulator and a provider host configured for it, in a runtime. */
export interface EngineContext<E> {
  rt: Runtime;
  emu: E;
  host: ProviderHost;
  /** What the engine would receive for the resource, captured by a program in `rt`; kept in `captured`. */
  capture(className: string, args: Record<string, unknown>): Promise<Registration>;
  captured: Registration[];
}

export interface Lifecycle<E> {
  name: string;
  /** A full engine-protocol lifecycle, each step checked against the emulator. */
  run(ctx: EngineContext<E>): Promise<void>;
}

/** Everything the engine tests and the packed-install legs need to drive one vendor's resources. */
export interface VendorLifecycles<E extends { close(): Promise<void> }> {
  vendor: string;
  /** An emulator with short build and task times. */
  start(): Promise<E>;
  config(emu: E): Record<string, string>;
  /** In order, on one host. */
  lifecycles: Lifecycle<E>[];
  /** Values that must never appear in the host's output once the lifecycles ran. */
  secrets(ctx: EngineContext<E>): string[];
}

/** `urn:…:dynamic/<vendor>:<type>::<name>`, the vendor being the type's first word (SppHypervisor → spp). */
export function urnOf(type: string, name = "subject"): string {
  const vendor = (/^[A-Z][a-z]+/.exec(type)?.[0] ?? type).toLowerCase();
  return `urn:pulumi:test::backup-infra::pulumi-nodejs:dynamic/${vendor}:${type}::${name}`;
}

/** The dynamic-provider host of the program in `rt` (on `rt`'s node), configured as the engine would. */
export async function startHost(rt: Runtime, config: Record<string, string>): Promise<ProviderHost> {
  const host = await startProviderHost({ cwd: rt.dir, nodePath: rt.nodePath, project: "backup-infra", config, env: { BACKUP_INFRA_LOG: "debug" } });
  await host.configure(config);
  return host;
}

export type OpenEngine<E> = EngineContext<E> & { close(): Promise<void> };

export async function openEngine<E extends { close(): Promise<void> }>(v: VendorLifecycles<E>, rt: Runtime): Promise<OpenEngine<E>> {
  const emu = await v.start();
  const host = await startHost(rt, v.config(emu)).catch(async (error: unknown) => {
    await emu.close();
    throw error;
  });
  const captured: Registration[] = [];
  return {
    rt,
    emu,
    host,
    captured,
    async capture(className, args) {
      const registration = await captureResource(rt.dir, className, args, rt.nodePath);
      captured.push(registration);
      return registration;
    },
    async close() {
      await host.close();
      await emu.close();
    },
  };
}

/** Opens `v`'s engine on this repository for the test file (beforeAll) and closes it after (afterAll). */
export function useEngine<E extends { close(): Promise<void> }>(v: VendorLifecycles<E>): () => OpenEngine<E> {
  let ctx: OpenEngine<E> | undefined;
  beforeAll(async () => {
    requireBuilt();
    ctx = await openEngine(v, REPO);
  });
  afterAll(async () => {
    await ctx?.close();
  });
  return () => {
    if (!ctx) throw new Error(`the ${v.vendor} engine is not open`);
    return ctx;
  };
}
