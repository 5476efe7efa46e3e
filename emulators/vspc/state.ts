import { randomBytes, randomUUID } from "node:crypto";
import { noteSecret } from "../kit/secrets";
import { checkEmpty, plain, sealSecret, type SealedSecret, type SecretOpener } from "../kit/snapshot";

export interface Organization {
  instanceUid: string;
  name: string;
  alias: string | null;
  taxId: string | null;
  email: string | null;
  phone: string | null;
  country: number | null;
  state: number | null;
  city: string | null;
  street: string | null;
  zipCode: string | null;
  website: string | null;
  notes: string | null;
}

export interface Company {
  instanceUid: string;
  organizationUid: string;
  resellerUid: string | null;
  subscriptionPlanUid: string | null;
  isRestAccessEnabled: boolean;
  isAlarmDetectEnabled: boolean;
  companyServices: Record<string, unknown>;
  ownerCredentials: { userName: string; password: string };
}

export interface User {
  instanceUid: string;
  organizationUid: string;
  userName: string;
  role: "PortalAdministrator" | "CompanyOwner";
  status: "Enabled";
}

export interface Login {
  id: number;
  userUid: string;
  description: string;
  scopes: string[];
  isReadAccessOnly: boolean;
  status: "enabled" | "disabled";
  key: string;
  creationDate: string;
}

/** An HTTP answer: what an operation said, kept to be replayed as its async action's result. */
export interface Answer {
  status: number;
  body: unknown;
}

export interface AsyncAction {
  id: string;
  initiatorUid: string;
  actionName: string;
  status: "running" | "succeed" | "failed" | "canceled";
  queryParameters: Record<string, string>;
  requestBody: string | null;
  /** The operation's answer, once the action has ended. */
  answer?: Answer;
}

export interface Token {
  user: User;
  expiresAt: number;
}

export const PROVIDER_ORGANIZATION = "00000000-0000-4000-8000-000000000001";

/** Stands for the portal administrator in a snapshot: a restored emulator's administrator has a UID of its own. */
const ADMIN_IN_SNAPSHOT = "portal-administrator";

/**
 * The VSPC emulator's objects as plain data (see emulators/kit/snapshot.ts): organizations,
 * companies (owner passwords as hashes), users but the portal administrator, and API keys (user
 * logins, keys as hashes). No token, and no async action: a finished one is only an operation's
 * answer, and its request body holds the owner's password in clear.
 */
export interface VspcStateSnapshot {
  organizations: Organization[];
  companies: (Omit<Company, "ownerCredentials"> & { ownerCredentials: { userName: string; password: SealedSecret } })[];
  users: User[];
  logins: (Omit<Login, "key"> & { key: SealedSecret })[];
  nextLogin: number;
}

/** All of the VSPC emulator's data; passwords and keys leave it only where VSPC shows them. */
export class VspcState {
  readonly organizations = new Map<string, Organization>();
  readonly companies = new Map<string, Company>();
  readonly users = new Map<string, User>();
  readonly logins = new Map<number, Login>();
  readonly asyncActions = new Map<string, AsyncAction>();
  readonly accessTokens = new Map<string, Token>();
  readonly refreshTokens = new Map<string, Token>();
  private nextLogin = 12;

  constructor(readonly admin: User) {
    this.users.set(admin.instanceUid, admin);
  }

  companyByName(name: string): Company | undefined {
    const wanted = name.toLowerCase();
    return [...this.companies.values()].find((c) => this.organizations.get(c.organizationUid)?.name.toLowerCase() === wanted);
  }

  /** User names are unique across the portal, whatever their case. */
  userByName(userName: string): User | undefined {
    const wanted = userName.toLowerCase();
    return [...this.users.values()].find((u) => u.userName.toLowerCase() === wanted);
  }

  /** A new pair of tokens: the access token for requests, the refresh token for the next pair. */
  issueTokens(user: User, now: number, ttl: { accessMs: number; refreshMs: number }): { access: string; refresh: string } {
    const access = `at.${randomBytes(24).toString("base64url")}`;
    const refresh = `rt.${randomBytes(24).toString("base64url")}`;
    noteSecret(access, refresh);
    this.accessTokens.set(access, { user, expiresAt: now + ttl.accessMs });
    this.refreshTokens.set(refresh, { user, expiresAt: now + ttl.refreshMs });
    return { access, refresh };
  }

  addLogin(fields: Omit<Login, "id" | "key" | "creationDate">): Login {
    const login: Login = { ...fields, id: this.nextLogin++, key: randomBytes(48).toString("hex"), creationDate: new Date().toISOString() };
    noteSecret(login.key);
    this.logins.set(login.id, login);
    return login;
  }

  loginByKey(key: string): Login | undefined {
    return [...this.logins.values()].find((l) => l.key === key);
  }

  snapshot(): VspcStateSnapshot {
    const running = [...this.asyncActions.values()].filter((a) => a.status === "running");
    if (running.length > 0) throw new Error(`snapshot: ${running.length} VSPC async action(s) still running (${running.map((a) => a.actionName).join(", ")}); take the snapshot after they end`);
    const admin = this.admin.instanceUid;
    return plain({
      organizations: [...this.organizations.values()],
      companies: [...this.companies.values()].map((c) => ({ ...c, ownerCredentials: { userName: c.ownerCredentials.userName, password: sealSecret(c.ownerCredentials.password) } })),
      users: [...this.users.values()].filter((u) => u.instanceUid !== admin),
      logins: [...this.logins.values()].map((l) => ({ ...l, userUid: l.userUid === admin ? ADMIN_IN_SNAPSHOT : l.userUid, key: sealSecret(l.key) })),
      nextLogin: this.nextLogin,
    });
  }

  /** Puts a snapshot's objects back into a fresh state (only the administrator in it), secrets opened by `secrets`. */
  restore(s: VspcStateSnapshot, secrets: SecretOpener): void {
    checkEmpty("VSPC", { organizations: this.organizations, companies: this.companies, "user logins": this.logins, "async actions": this.asyncActions, "users besides the administrator": { size: this.users.size - 1 } });
    for (const o of s.organizations) this.organizations.set(o.instanceUid, { ...o });
    for (const c of s.companies) {
      const password = secrets.open(c.ownerCredentials.password, `VSPC company ${c.instanceUid}: owner ${c.ownerCredentials.userName}'s password`);
      this.companies.set(c.instanceUid, { ...c, ownerCredentials: { userName: c.ownerCredentials.userName, password } });
    }
    for (const u of s.users) this.users.set(u.instanceUid, { ...u });
    for (const l of s.logins) {
      const key = secrets.open(l.key, `VSPC user login ${l.id}: API key`);
      this.logins.set(l.id, { ...l, userUid: l.userUid === ADMIN_IN_SNAPSHOT ? this.admin.instanceUid : l.userUid, key });
    }
    this.nextLogin = s.nextLogin;
  }

  /** Removes a company with its organization, users and their logins. */
  removeCompany(uid: string): void {
    const company = this.companies.get(uid);
    if (!company) return;
    this.companies.delete(uid);
    this.organizations.delete(company.organizationUid);
    for (const user of [...this.users.values()].filter((u) => u.organizationUid === company.organizationUid)) {
      this.users.delete(user.instanceUid);
      for (const login of [...this.logins.values()].filter((l) => l.userUid === user.instanceUid)) this.logins.delete(login.id);
    }
  }
}

export function newUid(): string {
  return randomUUID();
}
