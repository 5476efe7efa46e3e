import { randomUUID } from "node:crypto";

export interface Task {
  id: string;
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
  is_public: boolean;
  source_server_id: string;
  status: "creating" | "ready" | "error" | "deleting";
  exported: boolean;
}

export class ScpState {
  readonly servers = new Map<string, ScpServer>();
  readonly images = new Map<string, ScpImage>();
  readonly tasks = new Map<string, Task>();
  readonly tokens = new Map<string, number>();
  /** Answers per X-Client-Token, so that a resent POST/PUT does not act twice. */
  readonly replies = new Map<string, unknown>();

  task(now: number, durationMs: number, fails: boolean, reason: string, onDone?: Task["onDone"]): Task {
    const t: Task = { id: randomUUID(), finishAt: now + durationMs, fails, reason, onDone };
    this.tasks.set(t.id, t);
    return t;
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
}
