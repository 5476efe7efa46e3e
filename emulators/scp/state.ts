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
  source_server_id: string;
  /** "creating" while its create task runs, then active (erelbi/sangfor-scp `resources/images.py`: "status: active | ...") or error. */
  status: "creating" | "active" | "error" | "deleting";
  exported: boolean;
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
    for (const image of s.images) this.images.set(image.id, { ...image });
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
