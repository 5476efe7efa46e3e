import { randomBytes, randomUUID } from "node:crypto";
import { auditSecrets } from "../../harness/audit-trail";

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
    auditSecrets(id);
    this.sessions.set(id, now);
    return id;
  }

  newJobSession(now: number): JobSession {
    const session: JobSession = { id: String(this.nextJobSession++), status: "RUNNING", start: now, end: null };
    this.jobSessions.set(session.id, session);
    return session;
  }
}
