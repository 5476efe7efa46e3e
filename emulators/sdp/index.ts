import type { EmulatorHandle, EmulatorOptions } from "../kit/handle";
import { startEmulator } from "../kit/server";
import { SNAPSHOT_VERSION, SecretOpener, checkSnapshot, type RestoreOptions } from "../kit/snapshot";
import { DEFAULT_SDP_KNOBS, sdpKnobSchema, type SdpKnobs } from "./knobs";
import { sdpRoutes } from "./routes";
import { contractView, monthOf, type Contract } from "./contracts";
import { SdpState, type License, type SdpStateSnapshot, type Server, type Vcenter } from "./state";
import { serverDetailView } from "./views";
import { breakCfgw } from "./cfgw-state";
import { liveServers } from "./servers";
import { tokenLive } from "./keystone";
import { noteSecret } from "../kit/secrets";
import { sdpSeedSchema, type SdpSeed } from "../kit/seed";
import { zodOf } from "../../providers/program/zod-of";

export type { SdpKnobs } from "./knobs";

export const SDP_DEFAULT_CREDENTIALS = { username: "sdp-user", password: "emulator-sdp-password", tenantId: "aaa8749130bc3d2886d6b9bb3fcb1715" } as const;

export interface SdpEmulatorOptions extends EmulatorOptions {
  username?: string;
  password?: string;
  tenantId?: string;
  knobs?: Partial<SdpKnobs>;
}

export interface SdpInventory {
  servers: ReturnType<typeof serverDetailView>[];
  licenses: { id: string; license_type: string }[];
  vcenters: { id: string; link_local_address: string; license_id: string }[];
  /** The Keystone tokens that the emulator's clock has not expired. */
  tokens: number;
}

/**
 * What `snapshot()` gives: the objects (plain data, secrets as hashes), the URL they were served
 * at, and the emulated clock's instant: contract months, build and expiry times are as of then.
 */
export interface SdpSnapshot extends SdpStateSnapshot {
  vendor: "sdp";
  version: number;
  url: string;
  /** The emulated clock (ms since epoch) when the snapshot was taken. */
  at: number;
}

export interface SdpEmulator extends EmulatorHandle<SdpKnobs> {
  /** Keystone v3 base, for `sdp:authUrl`. */
  readonly authUrl: string;
  readonly credentials: { username: string; password: string; tenantId: string };
  /** The stack config (`<vendor>:url`, credentials, `caCert`) that points the providers here. */
  stackConfig(): Record<string, string>;
  inventory(): SdpInventory;
  /** An out-of-band change, as someone in SDP's portal would make. */
  mutateServer(id: string, patch: Partial<Pick<Server, "name" | "description" | "metadata">>): void;
  /** An out-of-band deletion. */
  removeServer(id: string): void;
  /**
   * Takes the server's CFGW connection down with `errorType` (the values are invented: SDP
   * documents none), as a network fault would. SDP's update (`POST …/cfgw_connection`)
   * re-establishes it, unless `sticky`, where the update answers it still down.
   */
  breakCfgw(serverId: string, errorType: string, opts?: { sticky?: boolean }): void;
  /** An out-of-band re-keying or extension of a license. */
  mutateLicense(id: string, patch: Partial<Pick<License, "key" | "expires_at">>): void;
  removeLicense(id: string): void;
  mutateVcenter(id: string, patch: Partial<Pick<Vcenter, "link_local_address" | "license_id">>): void;
  removeVcenter(id: string): void;
  /** An out-of-band edit of the year's contract that starts last. */
  mutateContract(contractYear: number, patch: Partial<Pick<Contract, "renewal" | "cores" | "pendingCores">>): void;
  /** An out-of-band cancellation of every contract of the year. */
  removeContract(contractYear: number): void;
  /** Every issued Keystone token is revoked. */
  revokeTokens(): void;
  /** The Keystone tokens issued so far (for tests that search output for them). */
  issuedTokens(): string[];
  /** A contract that exists already, `startInMonths` from the current month (negative: started). */
  seedContract(c: { contractYear: number; startInMonths: number; cores: number; renewal?: boolean; pendingCores?: number }): void;
  contracts(): ReturnType<typeof contractView>[];
  /** Seeds contracts (as `POST /_emulator/seed` and the CLI's `--seed` file's `sdp` section do). */
  applySeed(seed: SdpSeed): { contracts: number };
  /** Moves the emulated calendar by whole months (the clock knob for contract months). */
  advanceMonths(months: number): void;
  /** Sets the emulated clock to an instant (ms since epoch), e.g. the last minutes of a month. */
  setClock(at: number): void;
  /** Servers, vCenters, licenses, contracts and jobs as plain data, with the emulated clock's instant. */
  snapshot(): SdpSnapshot;
  /**
   * Puts a snapshot back into this freshly started emulator, with its clock set to the snapshot's
   * instant (contract months are whole calendar months: a snapshot restored in a later month would
   * otherwise see its contracts started or ended). When that moves the clock back, Keystone tokens
   * live longer by as much (`tokenTtlMs`), so that clients that renew by their own clock do not
   * see every new token as expired. vCenter passwords and license keys come from `opts.secrets`.
   */
  restore(snapshot: SdpSnapshot, opts: RestoreOptions): void;
}

/** NTT Smart Data Platform: Keystone v3 and the Dedicated Hypervisor API. */
export async function startSdpEmulator(opts: SdpEmulatorOptions = {}): Promise<SdpEmulator> {
  const credentials = {
    username: opts.username ?? SDP_DEFAULT_CREDENTIALS.username,
    password: opts.password ?? SDP_DEFAULT_CREDENTIALS.password,
    tenantId: opts.tenantId ?? SDP_DEFAULT_CREDENTIALS.tenantId,
  };
  const state = new SdpState(credentials.tenantId);
  let clockNow = (): number => Date.now();
  // By the emulator's clock, as the API answers: statuses (advanceClock ends a build in both), the
  // servers whose deletion has ended are gone, and the tokens that have expired are not counted.
  const inventory = (): SdpInventory => ({
    servers: liveServers(state, clockNow(), base.knobs().deleteMs).map((s) => serverDetailView(s, state.tenantId, clockNow())),
    licenses: [...state.licenses.values()].map(({ id, license_type }) => ({ id, license_type })),
    vcenters: [...state.vcenters.values()].map(({ id, link_local_address, license_id }) => ({ id, link_local_address, license_id })),
    tokens: [...state.tokens.values()].filter((t) => tokenLive(t, clockNow())).length,
  });
  const base = await startEmulator<SdpKnobs>(
    {
      knobs: { ...DEFAULT_SDP_KNOBS, ...zodOf(sdpKnobSchema).parse(opts.knobs ?? {}) },
      knobSchema: sdpKnobSchema,
      routes: (app, ctx) => {
        clockNow = () => ctx.clock.now();
        sdpRoutes(app, ctx, { state, user: credentials });
      },
      inventory,
      control: (app) => {
        app.post("/seed", async (request, reply) => reply.code(201).send(applySeed(zodOf(sdpSeedSchema).parse(request.body))));
      },
    },
    opts,
  );
  const monthNow = () => monthOf(clockNow(), base.knobs().timeZone);
  function seedContract(c: { contractYear: number; startInMonths: number; cores: number; renewal?: boolean; pendingCores?: number }): void {
    const current = monthNow();
    const start = current + c.startInMonths;
    state.contracts.seed({ contractYear: c.contractYear, renewal: c.renewal ?? false, start, end: start + c.contractYear * 12 - 1, cores: c.cores, pendingCores: c.pendingCores ?? 0, pendingFrom: current + 1 });
  }
  function applySeed(s: SdpSeed): { contracts: number } {
    s.contracts.forEach(seedContract);
    return { contracts: s.contracts.length };
  }
  return {
    ...base,
    authUrl: `${base.url}/v3`,
    credentials,
    stackConfig: () => ({
      "sdp:authUrl": `${base.url}/v3`,
      "sdp:username": credentials.username,
      "sdp:password": credentials.password,
      "sdp:tenantId": credentials.tenantId,
      ...(base.caCert ? { "sdp:caCert": base.caCert } : {}),
    }),
    inventory,
    mutateServer: (id, patch) => Object.assign(existing(state.servers, id, "server"), patch),
    removeServer: (id) => void state.servers.delete(id),
    breakCfgw: (id, errorType, o) => breakCfgw(existing(state.servers, id, "server"), errorType, o?.sticky ?? false, clockNow()),
    mutateLicense: (id, patch) => {
      noteSecret(patch.key);
      Object.assign(existing(state.licenses, id, "license"), patch);
    },
    removeLicense: (id) => void state.licenses.delete(id),
    mutateVcenter: (id, patch) => Object.assign(existing(state.vcenters, id, "vCenter"), patch),
    removeVcenter: (id) => void state.vcenters.delete(id),
    mutateContract: (year, patch) => state.contracts.patch(year, patch),
    removeContract: (year) => state.contracts.remove(year),
    revokeTokens: () => state.tokens.clear(),
    issuedTokens: () => [...state.tokens.keys()],
    seedContract,
    applySeed,
    contracts: () => state.contracts.list(monthNow()).map(contractView),
    advanceMonths: (months) => {
      // Contract months (the timeZone knob's calendar), not UTC months: at 2026-11-30T15:30Z it is
      // December in Tokyo, and one month on is January. The 15th at noon UTC is in the month aimed
      // at in every time zone.
      const target = monthNow() + months;
      base.advanceClock(Date.UTC(Math.floor(target / 12), target % 12, 15, 12) - clockNow());
    },
    setClock: (at) => base.advanceClock(at - clockNow()),
    snapshot: () => ({ vendor: "sdp", version: SNAPSHOT_VERSION, url: base.url, at: clockNow(), ...state.snapshot(monthNow()) }),
    restore: (snapshot, o) => {
      checkSnapshot(snapshot, "sdp");
      state.restore(snapshot, new SecretOpener(o.secrets), monthOf(snapshot.at, base.knobs().timeZone));
      const back = clockNow() - snapshot.at;
      base.advanceClock(-back);
      if (back > 0) base.setKnobs({ tokenTtlMs: base.knobs().tokenTtlMs + back });
    },
  };
}

function existing<T>(map: Map<string, T>, id: string, what: string): T {
  const found = map.get(id);
  if (!found) throw new Error(`no ${what} ${id}`);
  return found;
}
