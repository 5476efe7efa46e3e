import type { FastifyError } from "fastify";
import type { EmulatorHandle, EmulatorOptions } from "../kit/handle";
import { startEmulator } from "../kit/server";
import { SNAPSHOT_VERSION, SecretOpener, checkSnapshot, type RestoreOptions } from "../kit/snapshot";
import { vspcSeedSchema, type VspcSeed } from "../kit/seed";
import { AsyncActions, asyncActionRoutes } from "./async-actions";
import { vspcAuth } from "./auth";
import { companyRoutes } from "./companies";
import { httpStatusFor, vspcErrors } from "./errors";
import { DEFAULT_VSPC_KNOBS, vspcKnobSchema, type VspcKnobs } from "./knobs";
import { PROVIDER_ORGANIZATION, VspcState, newUid, type Login, type VspcStateSnapshot } from "./state";
import { Throttle } from "./throttle";
import { userRoutes } from "./users";
import { companyView, loginView, userView } from "./views";
import { zodOf } from "../../providers/program/zod-of";

export type { VspcKnobs } from "./knobs";

export const VSPC_DEFAULT_CREDENTIALS = { username: "vspc\\administrator", password: "emulator-vspc-password" } as const;

export interface VspcEmulatorOptions extends EmulatorOptions {
  username?: string;
  password?: string;
  knobs?: Partial<VspcKnobs>;
}

export interface VspcInventory {
  companies: ReturnType<typeof companyView>[];
  users: ReturnType<typeof userView>[];
  logins: ReturnType<typeof loginView>[];
  asyncActions: { id: string; status: string }[];
  throttled: number;
}

/** What `snapshot()` gives: the objects (plain data, secrets as hashes) and the URL they were served at. */
export interface VspcSnapshot extends VspcStateSnapshot {
  vendor: "vspc";
  version: number;
  url: string;
}

export interface VspcEmulator extends EmulatorHandle<VspcKnobs> {
  /** Base URL of the REST API (`…/api/v3`). */
  readonly apiUrl: string;
  readonly credentials: { username: string; password: string };
  /** The stack config (`<vendor>:url`, credentials, `caCert`) that points the providers here. */
  stackConfig(): Record<string, string>;
  /** The portal administrator's user UID. */
  readonly adminUserUid: string;
  inventory(): VspcInventory;
  /** An API key of the administrator, as a user would create in the portal. */
  issueAdminApiKey(opts?: { isReadAccessOnly?: boolean }): string;
  /** Issues administrator API keys (as `POST /_emulator/seed` and the CLI's `--seed` file's `vspc` section do); gives the keys. */
  applySeed(seed: VspcSeed): { adminApiKeys: string[] };
  /** Out-of-band change of a company's organization name. */
  renameOrganization(companyUid: string, name: string): void;
  removeCompany(companyUid: string): void;
  /** An out-of-band change of an API key (user login), as a portal administrator would make. */
  mutateApiKey(id: string, patch: Partial<Pick<Login, "description" | "status">>): void;
  /** An out-of-band revocation of an API key. */
  removeApiKey(id: string): void;
  /** Organizations, companies, users and API keys as plain data (fails while an async action runs). */
  snapshot(): VspcSnapshot;
  /** Puts a snapshot back into this freshly started emulator; owner passwords and API keys come from `opts.secrets`. */
  restore(snapshot: VspcSnapshot, opts: RestoreOptions): void;
}

/** Veeam Service Provider Console REST API v3. */
export async function startVspcEmulator(opts: VspcEmulatorOptions = {}): Promise<VspcEmulator> {
  const credentials = { username: opts.username ?? VSPC_DEFAULT_CREDENTIALS.username, password: opts.password ?? VSPC_DEFAULT_CREDENTIALS.password };
  const state = new VspcState({ instanceUid: newUid(), organizationUid: PROVIDER_ORGANIZATION, userName: credentials.username, role: "PortalAdministrator", status: "Enabled" });
  let throttle: Throttle | undefined;
  let asyncActions: AsyncActions | undefined;

  const base = await startEmulator<VspcKnobs>(
    {
      knobs: { ...DEFAULT_VSPC_KNOBS, ...zodOf(vspcKnobSchema).parse(opts.knobs ?? {}) },
      knobSchema: vspcKnobSchema,
      routes: (app, ctx) => {
        throttle = new Throttle(ctx.clock, ctx.knobs);
        const actions = new AsyncActions(state, ctx);
        asyncActions = actions;
        const admitted = throttle;
        app.register(
          async (api) => {
            api.setErrorHandler((error: FastifyError, _request, reply) => {
              const code = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
              return reply.code(httpStatusFor(code)).send(vspcErrors({ message: code >= 500 ? "Unspecified server error." : error.message, type: code >= 500 ? "unspecified" : "logical", code }));
            });
            vspcAuth(api, ctx, state, credentials, admitted);
            companyRoutes(api, ctx, { state, asyncActions: actions });
            userRoutes(api, state);
            asyncActionRoutes(api, state);
          },
          { prefix: "/api/v3" },
        );
      },
      inventory: () => inventory(),
      control: (app) => {
        app.post("/seed", async (request, reply) => reply.code(201).send(applySeed(zodOf(vspcSeedSchema).parse(request.body))));
      },
    },
    opts,
  );
  const issueAdminApiKey = (o: { isReadAccessOnly?: boolean } = {}): string =>
    state.addLogin({ userUid: state.admin.instanceUid, description: "emulator", scopes: ["rest"], isReadAccessOnly: o.isReadAccessOnly ?? false, status: "enabled" }).key;
  function applySeed(s: VspcSeed): { adminApiKeys: string[] } {
    return { adminApiKeys: s.adminApiKeys.map(issueAdminApiKey) };
  }

  function inventory(): VspcInventory {
    return {
      companies: [...state.companies.values()].map((c) => companyView(state, c, true)),
      users: [...state.users.values()].map(userView),
      logins: [...state.logins.values()].map((l) => loginView(state, l, false)),
      asyncActions: [...state.asyncActions.values()].map(({ id, status }) => ({ id, status })),
      throttled: throttle?.rejected ?? 0,
    };
  }

  return {
    ...base,
    apiUrl: `${base.url}/api/v3`,
    credentials,
    stackConfig: () => ({ "vspc:url": base.url, "vspc:username": credentials.username, "vspc:password": credentials.password, ...(base.caCert ? { "vspc:caCert": base.caCert } : {}) }),
    adminUserUid: state.admin.instanceUid,
    inventory,
    issueAdminApiKey,
    applySeed,
    renameOrganization: (uid, name) => {
      const company = state.companies.get(uid);
      const org = company ? state.organizations.get(company.organizationUid) : undefined;
      if (!org) throw new Error(`no company ${uid}`);
      org.name = name;
    },
    removeCompany: (uid) => state.removeCompany(uid),
    mutateApiKey: (id, patch) => {
      const login = state.logins.get(Number(id));
      if (!login) throw new Error(`no API key ${id}`);
      Object.assign(login, patch);
    },
    removeApiKey: (id) => void state.logins.delete(Number(id)),
    snapshot: () => ({ vendor: "vspc", version: SNAPSHOT_VERSION, url: base.url, ...state.snapshot() }),
    restore: (snapshot, o) => {
      checkSnapshot(snapshot, "vspc");
      state.restore(snapshot, new SecretOpener(o.secrets));
    },
    close: async () => {
      asyncActions?.close();
      await base.close();
    },
  };
}
