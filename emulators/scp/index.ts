import type { EmulatorHandle, EmulatorOptions } from "../kit/handle";
import { startEmulator } from "../kit/server";
import { SNAPSHOT_VERSION, checkSnapshot } from "../kit/snapshot";
import { ControlInputError } from "../kit/control-input";
import { scpSeedSchema, type ScpSeed } from "../kit/seed";
import { scpAuth } from "./auth";
import type { ScpAuthConfig } from "./credentials";
import { DEFAULT_SCP_KNOBS, scpKnobSchema, type ScpKnobs } from "./knobs";
import { scpRoutes } from "./routes";
import { vmaBytes } from "./vma";
import { ScpState, imageRecord, type ScpImage, type ScpServer, type ScpStateSnapshot } from "./state";
import { zodOf } from "../../providers/program/zod-of";

export type { ScpKnobs } from "./knobs";
export { vmaBytes } from "./vma";

export const SCP_DEFAULT_CREDENTIALS: ScpAuthConfig = {
  username: "admin",
  password: "emulator-scp-password",
  accessKey: "AKEMULATOR0000000001",
  secretKey: "emulator-scp-secret-key-0000000000000000",
  region: "cn-south-1",
};

export interface ScpInventory {
  servers: (Omit<ScpServer, "vmtoolsReadyAt">)[];
  images: ScpImage[];
  tokens: number;
}

/** What `snapshot()` gives: the servers and images (plain data; SCP holds no secret of theirs) and the URL they were served at. */
export interface ScpSnapshot extends ScpStateSnapshot {
  vendor: "scp";
  version: number;
  url: string;
}

export interface ScpEmulator extends EmulatorHandle<ScpKnobs> {
  readonly credentials: ScpAuthConfig;
  /** The stack config (`<vendor>:url`, credentials, `caCert`) that points the providers here. */
  stackConfig(): Record<string, string>;
  inventory(): ScpInventory;
  /** A VM that exists already (e.g. the source of a backup-proxy image); `id` if given, else a new one. */
  seedServer(fields: { id?: string; name: string; osName?: string }): string;
  /** An active image that exists already (e.g. for backup-proxy VMs to start from); private unless said otherwise, null leaves image_type out of answers. */
  seedImage(fields: { id?: string; name: string; sourceVmId?: string; imageType?: ScpImage["image_type"] }): string;
  /** Seeds servers, then images (as `POST /_emulator/seed` and the CLI's `--seed` file's `scp` section do); gives their ids. */
  applySeed(seed: ScpSeed): { servers: string[]; images: string[] };
  /** A task someone else runs on the object (a console operation) for `ms`: meanwhile mutating it answers 409. */
  occupy(objectId: string, ms: number): void;
  /** An out-of-band change, as someone in SCP's console would make. */
  mutateServer(id: string, patch: Partial<Pick<ScpServer, "name" | "os_name" | "cores" | "memory_mb">>): void;
  /** An out-of-band deletion. */
  removeServer(id: string): void;
  mutateImage(id: string, patch: Partial<Pick<ScpImage, "name" | "description" | "image_type">>): void;
  removeImage(id: string): void;
  /** The next `count` image uploads are cut off halfway through (the connection is destroyed; the image goes to error). */
  breakUploads(count: number): void;
  /** The next `count` image uploads arrive corrupted: the image's reported sha256 is not the file's. */
  corruptUploads(count: number): void;
  /** Bytes of the VMA file an image exports to. */
  vmaBytes(imageId: string): Buffer;
  issuedTokens(): string[];
  /** Servers and images as plain data (fails while a task runs). */
  snapshot(): ScpSnapshot;
  /** Puts a snapshot back into this freshly started emulator. */
  restore(snapshot: ScpSnapshot): void;
}

/** Sangfor Cloud Platform OpenAPI: auth (token and AK/SK), tasks, servers, images, guest scripts. */
export async function startScpEmulator(opts: EmulatorOptions & { knobs?: Partial<ScpKnobs>; credentials?: Partial<ScpAuthConfig> } = {}): Promise<ScpEmulator> {
  const credentials = { ...SCP_DEFAULT_CREDENTIALS, ...opts.credentials };
  const state = new ScpState();
  /** Numbers seeded objects: sizes shrink when objects go, so they cannot. */
  let seeded = 0;
  let clockNow = (): number => Date.now();
  const base = await startEmulator<ScpKnobs>(
    {
      knobs: { ...DEFAULT_SCP_KNOBS, ...zodOf(scpKnobSchema).parse(opts.knobs ?? {}) },
      knobSchema: scpKnobSchema,
      routes: (app, ctx) => {
        clockNow = () => ctx.clock.now();
        scpAuth(app, state, credentials, clockNow);
        scpRoutes(app, ctx, state);
      },
      inventory: () => inventory(),
      control: (app) => {
        app.post("/seed", async (request, reply) => reply.code(201).send(applySeed(zodOf(scpSeedSchema).parse(request.body))));
      },
    },
    opts,
  );
  const seedServer = ({ id: given, name, osName }: { id?: string; name: string; osName?: string }): string => {
    if (given !== undefined && state.servers.has(given)) throw new ControlInputError(`id: a server ${given} exists already`);
    const id = given ?? `seed-${++seeded}-${Date.now()}`;
    // The server's fields as ScpServer (./state.ts, after erelbi/sangfor-scp `resources/servers.py`).
    state.servers.set(id, { id, name, os_name: osName ?? "Linux", status: "running", power_on: true, vmtoolsReadyAt: 0, az_id: "az-1", image_id: null, storage_tag_id: null, cores: 2, memory_mb: 2048, networks: [] });
    return id;
  };
  const seedImage = ({ id: given, name, sourceVmId, imageType }: { id?: string; name: string; sourceVmId?: string; imageType?: ScpImage["image_type"] }): string => {
    if (given !== undefined && state.images.has(given)) throw new ControlInputError(`id: an image ${given} exists already`);
    const id = given ?? `seed-image-${++seeded}-${Date.now()}`;
    // ScpImage (./state.ts, after erelbi/sangfor-scp `resources/images.py`).
    state.images.set(id, imageRecord({ id, name, image_type: imageType === undefined ? "private" : imageType, source_server_id: sourceVmId ?? "" }));
    return id;
  };
  function applySeed(seed: ScpSeed): { servers: string[]; images: string[] } {
    const taken = (list: { id?: string }[], what: string): void => {
      const ids = list.map((o) => o.id).filter((id): id is string => id !== undefined);
      const twice = ids.find((id, i) => ids.indexOf(id) !== i);
      if (twice) throw new ControlInputError(`${what}: the id ${twice} is given twice`);
    };
    taken(seed.servers, "servers");
    taken(seed.images, "images");
    seed.servers.forEach((s, i) => {
      if (s.id !== undefined && state.servers.has(s.id)) throw new ControlInputError(`servers.${i}.id: a server ${s.id} exists already`);
    });
    seed.images.forEach((s, i) => {
      if (s.id !== undefined && state.images.has(s.id)) throw new ControlInputError(`images.${i}.id: an image ${s.id} exists already`);
    });
    return { servers: seed.servers.map(seedServer), images: seed.images.map(seedImage) };
  }
  function inventory(): ScpInventory {
    state.settle(clockNow());
    return { servers: [...state.servers.values()].map(({ vmtoolsReadyAt: _v, ...s }) => s), images: [...state.images.values()], tokens: state.tokens.size };
  }
  return {
    ...base,
    credentials,
    stackConfig: () => ({ "scp:url": base.url, "scp:username": credentials.username, "scp:password": credentials.password, ...(base.caCert ? { "scp:caCert": base.caCert } : {}) }),
    inventory,
    seedServer,
    seedImage,
    applySeed,
    occupy: (objectId, ms) => void state.task(clockNow(), { action: "console_operation", objectId, durationMs: ms }),
    mutateServer: (id, patch) => Object.assign(existing(state.servers, id, "server"), patch),
    removeServer: (id) => void state.servers.delete(id),
    mutateImage: (id, patch) => Object.assign(existing(state.images, id, "image"), patch),
    removeImage: (id) => void state.images.delete(id),
    breakUploads: (count) => void (state.uploadFaults.breaks = count),
    corruptUploads: (count) => void (state.uploadFaults.corruptions = count),
    vmaBytes: (imageId) => vmaBytes(imageId, base.knobs().exportBytes),
    issuedTokens: () => [...state.tokens.keys()],
    snapshot: () => ({ vendor: "scp", version: SNAPSHOT_VERSION, url: base.url, ...state.snapshot(clockNow()) }),
    restore: (snapshot) => {
      checkSnapshot(snapshot, "scp");
      state.restore(snapshot);
    },
  };
}

function existing<T>(map: Map<string, T>, id: string, what: string): T {
  const found = map.get(id);
  if (!found) throw new Error(`no ${what} ${id}`);
  return found;
}
