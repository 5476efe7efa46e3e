import { randomUUID } from "node:crypto";
import { checkEmpty, plain } from "../kit/snapshot";

export interface Task {
  id: string;
  /** e.g. "edit_image"; shown as the task's `action`. */
  action: string;
  /** The server or image the task works on: mutating it meanwhile answers 409. */
  objectId?: string;
  startedAt: number;
  finishAt: number;
  fails: boolean;
  reason: string;
  /** Runs when the task finishes (success or failure), once. */
  onDone?: (failed: boolean) => unknown;
  done?: boolean;
  result?: unknown;
}

export interface ScpServer {
  id: string;
  name: string;
  os_name: string;
  /** "creating" while its create task runs; then running | stopped | error (erelbi/sangfor-scp `resources/servers.py`). */
  status: "creating" | "running" | "stopped" | "error" | "deleting";
  power_on: boolean;
  vmtoolsReadyAt: number | null;
  az_id: string;
  image_id: string | null;
  storage_tag_id: string | null;
  cores: number;
  memory_mb: number;
  networks: { vpc_id: string; subnet_id: string }[];
}

export interface ScpImage {
  id: string;
  name: string;
  description: string;
  owner_id: string;
  /** Visibility as SCP reports it (`image_type`, erelbi/sangfor-scp `resources/images.py`); null: the answer leaves it out. */
  image_type: "public" | "private" | null;
  /** "" for an image uploaded from a file. */
  source_server_id: string;
  /**
   * The public spec's ImageStatus (Sangfor Cloud APIs 6.11.1, `ImageStatus`): saving while a
   * create or distribution task runs, deactivated for an image created but not uploaded yet
   * (the spec: "after creating the image you must upload it"; which status it shows then is an
   * inference), active, error. "deleting" is the emulator's, while its delete task runs.
   */
  status: "saving" | "deactivated" | "active" | "error" | "deleting";
  exported: boolean;
  /** The resource pools (az ids) the image is in (the spec's `azs[].id`); VMs are made from it only there. */
  azs: string[];
  /** ISO | aCloud (the spec's CreateImageRequest.disk_format); an image made from a VM is aCloud, the built-in (VMA) kind. */
  disk_format: "ISO" | "aCloud";
  /** The uploaded file's sha256; not a field of the public spec (see imageView in routes.ts). */
  sha256: string | null;
  /** The uploaded file's size, shown as the spec's `size_mb`. */
  size_bytes: number | null;
  /** Why the image is in error (the spec's `message`, "镜像异常消息"). */
  message: string;
}

/**
 * The resource pools every emulator serves (GET /janus/20180725/azs; the public spec's
 * ResourcePool `{id, name, description, status, type, tag, version}`, example status "normal",
 * type "hci", tag "public"). Seeded servers are in az-1.
 */
export const SCP_POOLS = [
  { id: "az-1", name: "HCI-AZ1", description: "", status: "normal", type: "hci", tag: "public", version: "6.11.1" },
  { id: "az-2", name: "HCI-AZ2", description: "", status: "normal", type: "hci", tag: "public", version: "6.11.1" },
  { id: "az-3", name: "HCI-AZ3", description: "", status: "normal", type: "hci", tag: "private", version: "6.11.1" },
] as const;
export const SCP_POOL_IDS: string[] = SCP_POOLS.map((p) => p.id);

/** An image record with the fields a 0.1.0 snapshot lacks filled as that release behaved (usable in every pool). */
export function imageRecord(i: Partial<ScpImage> & Pick<ScpImage, "id" | "name">): ScpImage {
  return { description: "", owner_id: "admin", image_type: "private", source_server_id: "", status: "active", exported: false, azs: [...SCP_POOL_IDS], disk_format: "aCloud", sha256: null, size_bytes: null, message: "", ...i };
}

export interface TaskSpec {
  action: string;
  objectId?: string;
  durationMs: number;
  fails?: boolean;
  reason?: string;
  onDone?: Task["onDone"];
}

/**
 * The SCP emulator's servers and images as plain data (see emulators/kit/snapshot.ts). No task
 * (a finished one is only the answer of its operation; its result may be a guest script's
 * output), no token and no X-Client-Token answer.
 */
export interface ScpStateSnapshot {
  servers: ScpServer[];
  images: ScpImage[];
}

export class ScpState {
  readonly servers = new Map<string, ScpServer>();
  readonly images = new Map<string, ScpImage>();
  readonly tasks = new Map<string, Task>();
  readonly tokens = new Map<string, number>();
  /** Answers per X-Client-Token, so that a resent POST/PUT does not act twice. */
  readonly replies = new Map<string, unknown>();
  /** Upload faults still to come (see ScpEmulator.breakUploads and corruptUploads). */
  readonly uploadFaults = { breaks: 0, corruptions: 0 };

  task(now: number, spec: TaskSpec): Task {
    const t: Task = { id: randomUUID(), action: spec.action, objectId: spec.objectId, startedAt: now, finishAt: now + spec.durationMs, fails: spec.fails ?? false, reason: spec.reason ?? `${spec.action} failed`, onDone: spec.onDone };
    this.tasks.set(t.id, t);
    return t;
  }

  /** `now`: the emulated clock; fails while a task runs (its end would change the objects). */
  snapshot(now: number): ScpStateSnapshot {
    this.settle(now);
    const running = [...this.tasks.values()].filter((t) => !t.done);
    if (running.length > 0) throw new Error(`snapshot: ${running.length} SCP task(s) still running (${running.map((t) => t.action).join(", ")}); take the snapshot after they end`);
    return plain({ servers: [...this.servers.values()], images: [...this.images.values()] });
  }

  /** Puts a snapshot's objects back into a fresh state. */
  restore(s: ScpStateSnapshot): void {
    checkEmpty("SCP", { servers: this.servers, images: this.images, tasks: this.tasks });
    for (const server of s.servers) this.servers.set(server.id, plain(server));
    for (const image of s.images) this.images.set(image.id, imageRecord(image));
  }

  /** Finishes every task whose time has come. */
  settle(now: number): void {
    for (const t of this.tasks.values()) {
      if (!t.done && now >= t.finishAt) {
        t.done = true;
        t.result = t.onDone?.(t.fails);
      }
    }
  }

  /** The task still running on an object, if any. */
  busy(objectId: string, now: number): Task | undefined {
    this.settle(now);
    for (const t of this.tasks.values()) if (!t.done && t.objectId === objectId) return t;
    return undefined;
  }
}
