import { ContractBook, type Contract } from "./contracts";
import { randomBytes, randomUUID } from "node:crypto";
import { noteSecret } from "../kit/secrets";
import { checkEmpty, plain, sealSecret, type SealedSecret, type SecretOpener } from "../kit/snapshot";

export interface Server {
  id: string;
  name: string;
  description: string | null;
  imageRef: string;
  flavorRef: string;
  networks: Record<string, unknown>[];
  availabilityZone: string;
  metadata: Record<string, string>;
  /** When BUILD ends (ms since epoch), and how. */
  builtAt: number;
  fails: boolean;
  deletedAt: number | null;
  created: string;
  /** The CFGW connection's state (emulators/sdp/cfgw-state.ts); left out: up once ACTIVE, as since the build ended. */
  cfgw?: CfgwState;
}

/** A server's CFGW connection once someone took it down (a test, through the handle) or SDP's update was sent. */
export interface CfgwState {
  /** Down with this error type until SDP's update re-establishes it; `sticky`: the update does not help. */
  broken?: { errorType: string; sticky: boolean };
  /** When it was last established (ms since epoch); null: never. */
  lastEstablishedAt?: number | null;
  /** When its state last changed or was updated (ms since epoch). */
  updatedAt?: number;
}

export interface License {
  id: string;
  key: string;
  license_type: string;
  assigned_from: string;
  expires_at: string;
}

export const LICENSE_TYPES = [
  { id: "69fcba22209347719e764e3eba862db1", name: "vCenter Server 5.5 Standard", has_license_key: true, license_switch: false, unit: "license", description: "vCenter Server 5.5 Standard" },
  { id: "69fcba22209347719e764e3eba862db2", name: "SQL Server 2014 Standard Edition", has_license_key: false, license_switch: true, unit: "vCPU", description: "SQL Server 2014 Standard Edition" },
  { id: "69fcba22209347719e764e3eba862db3", name: "Windows Server", has_license_key: false, license_switch: false, unit: "VM", description: "Windows Server 2008 - 2012 R2" },
] as const;

/**
 * How the API spells a type when it echoes it: the seed's samples answer "vCenter.Server 5.5
 * Standard" (List Licenses l.690, l.696; Create License l.731) to a request of "vCenter Server 5.5
 * Standard" (l.716, and the license_type query example l.669). Types without a sample echo as named.
 */
const ECHOED_TYPE: Record<string, string> = { "vCenter Server 5.5 Standard": "vCenter.Server 5.5 Standard" };

/** A license as the API answers it (seed l.684-698, l.726-733): the type in its echoed spelling. */
export function licenseView(l: License): License {
  return { ...l, license_type: ECHOED_TYPE[l.license_type] ?? l.license_type };
}

/**
 * An add-license-to-vm job: the request's fields as sent (seed l.929-936; eclcloud
 * servers/requests.go:120-124), and what the emulator adds (optional, so that a snapshot taken
 * before they were kept still restores: such a job reads as ended well).
 */
export interface AddLicenseJob {
  vm_id?: string;
  vm_name?: string;
  license_types: string[];
  /** The hypervisor the action was sent to. */
  server_id?: string;
  /** When it was accepted (emulator clock, ms since epoch): it runs `jobMs` from then. */
  createdAt?: number;
  /** Ends FAILED (the `failJobs` knob, or a vm_name starting with "fail-", when it was accepted). */
  fails?: boolean;
}

export interface Vcenter {
  id: string;
  link_local_address: string;
  password: string;
  license_id: string;
  registeredAt: number;
  instance: number;
}

export const VCENTER_ADDRESSES = Array.from({ length: 10 }, (_, i) => `169.254.127.${132 + i}`);

/**
 * The SDP emulator's objects as plain data (see emulators/kit/snapshot.ts): servers, vCenters
 * (passwords as hashes), licenses (keys as hashes), the contracts as listed in the month of the
 * snapshot, and the add-license jobs. No token.
 */
export interface SdpStateSnapshot {
  servers: Server[];
  vcenters: (Omit<Vcenter, "password"> & { password: SealedSecret })[];
  licenses: (Omit<License, "key"> & { key: SealedSecret })[];
  contracts: Contract[];
  jobs: [string, AddLicenseJob][];
  nextInstance: number;
}

export class SdpState {
  readonly servers = new Map<string, Server>();
  readonly vcenters = new Map<string, Vcenter>();
  readonly contracts = new ContractBook();
  /** add-license-to-vm jobs by id. */
  readonly jobs = new Map<string, AddLicenseJob>();
  private nextInstance = 1;
  readonly licenses = new Map<string, License>();
  readonly tokens = new Map<string, { tenantId: string; expiresAt: number }>();

  constructor(readonly tenantId: string) {}

  newToken(now: number, ttlMs: number): { token: string; expiresAt: number } {
    const token = `gAAAA${randomBytes(32).toString("base64url")}`;
    noteSecret(token);
    this.tokens.set(token, { tenantId: this.tenantId, expiresAt: now + ttlMs });
    return { token, expiresAt: now + ttlMs };
  }

  /** `month`: the emulated clock's contract month (contracts are listed as of then). */
  snapshot(month: number): SdpStateSnapshot {
    return plain({
      servers: [...this.servers.values()],
      vcenters: [...this.vcenters.values()].map((v) => ({ ...v, password: sealSecret(v.password) })),
      licenses: [...this.licenses.values()].map((l) => ({ ...l, key: sealSecret(l.key) })),
      contracts: this.contracts.list(month),
      jobs: [...this.jobs.entries()],
      nextInstance: this.nextInstance,
    });
  }

  /** Puts a snapshot's objects back into a fresh state, secrets opened by `secrets`. */
  restore(s: SdpStateSnapshot, secrets: SecretOpener, month: number): void {
    checkEmpty("SDP", { servers: this.servers, vCenters: this.vcenters, licenses: this.licenses, contracts: { size: this.contracts.list(month).length }, jobs: this.jobs });
    for (const server of s.servers) this.servers.set(server.id, plain(server));
    for (const v of s.vcenters) this.vcenters.set(v.id, { ...v, password: secrets.open(v.password, `SDP vCenter ${v.id} (${v.link_local_address}): password`) });
    for (const l of s.licenses) this.licenses.set(l.id, { ...l, key: secrets.open(l.key, `SDP license ${l.id}: key`) });
    for (const c of s.contracts) this.contracts.seed({ ...c });
    for (const [id, job] of s.jobs) this.jobs.set(id, plain(job));
    this.nextInstance = s.nextInstance;
  }

  addVcenter(fields: Pick<Vcenter, "link_local_address" | "password" | "license_id">, now: number): Vcenter {
    const v: Vcenter = { ...fields, id: randomUUID(), registeredAt: now, instance: this.nextInstance++ };
    this.vcenters.set(v.id, v);
    return v;
  }

  addLicense(type: string, now: Date): License {
    const key = `${randomBytes(4).toString("hex")}-${randomBytes(2).toString("hex")}-${randomBytes(12).toString("hex")}`;
    const expires = new Date(now);
    expires.setUTCMonth(expires.getUTCMonth() + 1);
    noteSecret(key);
    const l: License = { id: randomUUID(), key, license_type: type, assigned_from: now.toISOString(), expires_at: expires.toISOString() };
    this.licenses.set(l.id, l);
    return l;
  }
}

/** BUILD until `builtAt`, then ACTIVE or ERROR; DELETED while a delete is in progress. */
export function statusOf(s: Server, now: number): "BUILD" | "ACTIVE" | "ERROR" | "DELETED" {
  if (s.deletedAt !== null) return "DELETED";
  if (now < s.builtAt) return "BUILD";
  return s.fails ? "ERROR" : "ACTIVE";
}
