import { randomBytes, randomUUID } from "node:crypto";
import { noteSecret } from "../kit/secrets";
import { checkEmpty, plain, sealSecret, type SealedSecret, type SecretOpener } from "../kit/snapshot";

export interface IdentityUser {
  id: string;
  name: string;
  username: string;
  password: string;
  ostype: string | null;
  comment: string | null;
}

export interface Hypervisor {
  id: string;
  hostAddress: string;
  type: "vmware" | "hyperv";
  portNumber: number;
  sslConnection: boolean;
  userId: string;
  snapshotConcurrency: number;
  uniqueId: string;
  version: string | null;
  build: string | null;
  apiVersion: string | null;
}

export interface JobSession {
  id: string;
  status: "RUNNING" | "COMPLETED" | "FAILED";
  start: number;
  end: number | null;
}

export const INVENTORY_JOB = { id: "1004", name: "Hypervisor Inventory" } as const;

export const VERSIONS: Record<Hypervisor["type"], Pick<Hypervisor, "version" | "build" | "apiVersion">> = {
  vmware: { version: "7.0.3", build: "21477706", apiVersion: "7.0.3.0" },
  hyperv: { version: "10.0.17763", build: "17763", apiVersion: "2.0" },
};

/** The SPP emulator's objects as plain data (see emulators/kit/snapshot.ts): no session, no running inventory. */
export interface SppStateSnapshot {
  users: (Omit<IdentityUser, "password"> & { password: SealedSecret })[];
  hypervisors: Hypervisor[];
  /** Finished inventory runs, and which of them was the last. */
  jobSessions: JobSession[];
  lastInventory: string | null;
  next: { user: number; hypervisor: number; jobSession: number };
}

/** Everything the SPP emulator holds; passwords never leave it through the API. */
export class SppState {
  readonly users = new Map<string, IdentityUser>();
  readonly hypervisors = new Map<string, Hypervisor>();
  readonly sessions = new Map<string, number>();
  readonly jobSessions = new Map<string, JobSession>();
  currentInventory: JobSession | undefined;
  lastInventory: JobSession | undefined;
  private nextUser = 2137;
  private nextHypervisor = 1001;
  private nextJobSession = 1_700_000_000_000;

  addUser(fields: Omit<IdentityUser, "id">): IdentityUser {
    const user = { ...fields, id: String(this.nextUser++) };
    this.users.set(user.id, user);
    return user;
  }

  addHypervisor(fields: Omit<Hypervisor, "id" | "uniqueId" | "version" | "build" | "apiVersion">): Hypervisor {
    const h: Hypervisor = { ...fields, id: String(this.nextHypervisor++), uniqueId: randomUUID(), version: null, build: null, apiVersion: null };
    this.hypervisors.set(h.id, h);
    return h;
  }

  findByHost(hostAddress: string): Hypervisor | undefined {
    const wanted = hostAddress.toLowerCase();
    return [...this.hypervisors.values()].find((h) => h.hostAddress.toLowerCase() === wanted);
  }

  newSession(now: number): string {
    const id = randomBytes(16).toString("hex");
    noteSecret(id);
    this.sessions.set(id, now);
    return id;
  }

  snapshot(): SppStateSnapshot {
    if (this.currentInventory) throw new Error(`snapshot: the SPP inventory run ${this.currentInventory.id} is still running; take the snapshot after it ends`);
    return plain({
      users: [...this.users.values()].map((u) => ({ ...u, password: sealSecret(u.password) })),
      hypervisors: [...this.hypervisors.values()],
      jobSessions: [...this.jobSessions.values()],
      lastInventory: this.lastInventory?.id ?? null,
      next: { user: this.nextUser, hypervisor: this.nextHypervisor, jobSession: this.nextJobSession },
    });
  }

  /** Puts a snapshot's objects back into a fresh state, the passwords opened by `secrets`. */
  restore(s: SppStateSnapshot, secrets: SecretOpener): void {
    checkEmpty("SPP", { "identity users": this.users, hypervisors: this.hypervisors, "inventory runs": this.jobSessions });
    for (const u of s.users) this.users.set(u.id, { ...u, password: secrets.open(u.password, `SPP identity user ${u.id} (${u.username}): password`) });
    for (const h of s.hypervisors) this.hypervisors.set(h.id, { ...h });
    for (const j of s.jobSessions) this.jobSessions.set(j.id, { ...j });
    this.lastInventory = s.lastInventory === null ? undefined : this.jobSessions.get(s.lastInventory);
    this.nextUser = s.next.user;
    this.nextHypervisor = s.next.hypervisor;
    this.nextJobSession = s.next.jobSession;
  }

  newJobSession(now: number): JobSession {
    const session: JobSession = { id: String(this.nextJobSession++), status: "RUNNING", start: now, end: null };
    this.jobSessions.set(session.id, session);
    return session;
  }
}
