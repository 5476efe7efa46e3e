import { z } from "zod";
import type { EmulatorHandle, EmulatorOptions } from "../kit/handle";
import { startEmulator } from "../kit/server";
import { SNAPSHOT_VERSION, SecretOpener, checkSnapshot, type RestoreOptions } from "../kit/snapshot";
import { sppSeedSchema, type SppSeed } from "../kit/seed";
import { DEFAULT_SPP_KNOBS, sppKnobSchema, type SppKnobs } from "./knobs";
import { completeInventory, sppRoutes } from "./routes";
import { SppState, type Hypervisor, type IdentityUser, type SppStateSnapshot } from "./state";
import { hypervisorView } from "./views";
import { noteSecret } from "../kit/secrets";
import { zodOf } from "../../providers/program/zod-of";

export type { SppKnobs } from "./knobs";

export interface SppEmulatorOptions extends EmulatorOptions {
  username?: string;
  password?: string;
  knobs?: Partial<SppKnobs>;
}

export interface SppInventory {
  hypervisors: ReturnType<typeof hypervisorView>[];
  users: { id: string; name: string; username: string }[];
  sessions: { id: string; lastUsed: number }[];
  inventoryRuns: { id: string; status: string }[];
}

/** What `snapshot()` gives: the objects (plain data, passwords as hashes) and the URL they were served at. */
export interface SppSnapshot extends SppStateSnapshot {
  vendor: "spp";
  version: number;
  url: string;
}

export interface SppEmulator extends EmulatorHandle<SppKnobs> {
  readonly credentials: { username: string; password: string };
  /** The stack config (`<vendor>:url`, credentials, `caCert`) that points the providers here. */
  stackConfig(): Record<string, string>;
  inventory(): SppInventory;
  /** Every session is rejected from now on (as after SPP's idle timeout). */
  expireSessions(): void;
  seedIdentityUser(user: { name: string; username: string; password: string }): { id: string; href: string };
  /** Seeds identity users (as `POST /_emulator/seed` and the CLI's `--seed` file's `spp` section do). */
  applySeed(seed: SppSeed): { identityUsers: { id: string; href: string }[] };
  /** An out-of-band change, as an administrator in SPP's UI would make. */
  mutateHypervisor(id: string, patch: Partial<Pick<Hypervisor, "portNumber" | "sslConnection" | "snapshotConcurrency">>): void;
  /** An out-of-band unregistration. */
  removeHypervisor(id: string): void;
  /** The identity users, hypervisors and finished inventory runs as plain data (fails while an inventory runs). */
  snapshot(): SppSnapshot;
  /** Puts a snapshot back into this freshly started emulator; the users' passwords come from `opts.secrets`. */
  restore(snapshot: SppSnapshot, opts: RestoreOptions): void;
}

export const SPP_DEFAULT_CREDENTIALS = { username: "admin", password: "emulator-spp-password" } as const;

/** IBM Spectrum Protect Plus: sessions, identity users, hypervisors and the inventory job. */
export async function startSppEmulator(opts: SppEmulatorOptions = {}): Promise<SppEmulator> {
  const state = new SppState();
  const credentials = { username: opts.username ?? SPP_DEFAULT_CREDENTIALS.username, password: opts.password ?? SPP_DEFAULT_CREDENTIALS.password };
  const timers = new Set<NodeJS.Timeout>();
  const started: { handle?: EmulatorHandle<SppKnobs> } = {};

  const startInventory = (): void => {
    if (state.currentInventory || !started.handle) return;
    const knobs = started.handle.knobs();
    state.currentInventory = state.newJobSession(Date.now());
    const timer = setTimeout(() => {
      timers.delete(timer);
      completeInventory(state, knobs.inventoryFails, Date.now());
    }, knobs.inventoryMs);
    timers.add(timer);
  };

  const inventory = (): SppInventory => ({
    hypervisors: [...state.hypervisors.values()].map((h) => hypervisorView(h, started.handle?.url ?? "", "127.0.0.1")),
    users: [...state.users.values()].map(({ id, name, username }: IdentityUser) => ({ id, name, username })),
    sessions: [...state.sessions.entries()].map(([id, lastUsed]) => ({ id, lastUsed })),
    inventoryRuns: [...state.jobSessions.values()].map(({ id, status }) => ({ id, status })),
  });

  const base = await startEmulator<SppKnobs>(
    {
      knobs: { ...DEFAULT_SPP_KNOBS, ...zodOf(sppKnobSchema).parse(opts.knobs ?? {}) },
      knobSchema: sppKnobSchema,
      routes: (app, ctx) => sppRoutes(app, ctx, { state, admin: credentials, startInventory }),
      inventory,
      control: (app) => {
        app.post("/spp/expire-sessions", async (_q, reply) => {
          state.sessions.clear();
          return reply.code(204).send();
        });
        app.post("/spp/identity-users", async (request, reply) => {
          const body = z.object({ name: z.string(), username: z.string(), password: z.string() }).parse(request.body);
          return reply.code(201).send(seed(body));
        });
        app.post("/seed", async (request, reply) => reply.code(201).send(applySeed(zodOf(sppSeedSchema).parse(request.body))));
      },
    },
    opts,
  );
  started.handle = base;

  function seed(user: { name: string; username: string; password: string }): { id: string; href: string } {
    const made = state.addUser({ ...user, ostype: null, comment: null });
    return { id: made.id, href: `${base.url}/api/identity/user/${made.id}` };
  }

  function applySeed(s: SppSeed): { identityUsers: { id: string; href: string }[] } {
    noteSecret(...s.identityUsers.map((u) => u.password));
    return { identityUsers: s.identityUsers.map(seed) };
  }

  return {
    ...base,
    applySeed,
    credentials,
    stackConfig: () => ({ "spp:url": base.url, "spp:username": credentials.username, "spp:password": credentials.password, ...(base.caCert ? { "spp:caCert": base.caCert } : {}) }),
    inventory,
    expireSessions: () => state.sessions.clear(),
    seedIdentityUser: seed,
    mutateHypervisor: (id, patch) => {
      const h = state.hypervisors.get(id);
      if (!h) throw new Error(`no hypervisor ${id}`);
      Object.assign(h, patch);
    },
    removeHypervisor: (id) => void state.hypervisors.delete(id),
    snapshot: () => ({ vendor: "spp", version: SNAPSHOT_VERSION, url: base.url, ...state.snapshot() }),
    restore: (snapshot, o) => {
      checkSnapshot(snapshot, "spp");
      state.restore(snapshot, new SecretOpener(o.secrets));
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await base.close();
    },
  };
}
