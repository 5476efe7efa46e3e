import { z } from "zod";
import { connectionFailures } from "../core/check";
import { ObjectGoneError } from "../core/errors";
import { defineProvider, type OperationContext } from "../core/provider";
import { registerSecret } from "../core/redact";
import { sendOnce } from "../core/send-once";
import { vspcApiKey } from "./api-key";
import { listAll } from "./async";
import { VSPC_PATHS, vspcAnswer, vspcClientFor, type VspcClient } from "./client";
import { resolveVspcConnection } from "./connection";

const MINUTE = 60_000;

const userLogin = z.looseObject({
  id: z.union([z.number(), z.string()]).transform(String),
  userUid: z.string(),
  userName: z.string().nullish(),
  companyId: z.string().nullish(),
  description: z.string().nullish(),
  scopes: z.array(z.string()).nullish(),
  isReadAccessOnly: z.boolean().nullish(),
  status: z.string().nullish(),
  parameters: z.string().nullish(),
  creationDate: z.string().nullish(),
});
type UserLogin = z.infer<typeof userLogin>;
const envelope = z.looseObject({ data: userLogin });

function remoteOutputs(l: UserLogin): Record<string, unknown> {
  return {
    userUid: l.userUid,
    description: l.description ?? "",
    scopes: l.scopes ?? [],
    isReadAccessOnly: l.isReadAccessOnly ?? false,
    enabled: l.status !== "disabled",
    userName: l.userName ?? null,
    companyUid: l.companyId ?? null,
    creationDate: l.creationDate ?? null,
  };
}

/** The JSON Patch operation that enables or disables a login. */
const statusOp = (enabled: boolean) => ({ op: "replace", path: "/status", value: enabled ? "enabled" : "disabled" });

async function setEnabled(client: VspcClient, userUid: string, id: string, enabled: boolean, ctx: OperationContext): Promise<void> {
  ctx.log(`${enabled ? "enabling" : "disabling"} API key ${id}`);
  await client.send("PATCH", VSPC_PATHS.login(userUid, id), { body: [statusOp(enabled)], deadline: ctx.deadline });
}

async function loginsOf(client: VspcClient, userUid: string, ctx: OperationContext): Promise<UserLogin[]> {
  const filter = JSON.stringify([{ property: "userUid", operation: "equals", value: userUid }]);
  const items = await listAll(client, VSPC_PATHS.logins, { filter }, ctx.deadline, (l) => String((l as { id: unknown }).id));
  return items.map((l) => vspcAnswer(`GET ${VSPC_PATHS.logins}`, userLogin, l)).filter((l) => l.userUid === userUid);
}

/**
 * The login with this id, found over the logins list: how a key is read by its id alone
 * (`pulumi import`), without the user whose path `GET /users/{userUid}/logins/{id}` needs.
 * VSPC's login ids are whole numbers: any other id names no login, and nothing is asked. (Sent
 * in a path, such an id is a server error, which VSPC answers with HTTP 520, and the client
 * resends 520s up to 12 times: half a minute and more before an import of a wrong id failed.)
 */
async function findLogin(client: VspcClient, id: string, ctx: OperationContext): Promise<UserLogin | undefined> {
  if (!/^\d{1,15}$/.test(id)) return undefined;
  const filter = JSON.stringify([{ property: "id", operation: "equals", value: Number(id) }]);
  const items = await listAll(client, VSPC_PATHS.logins, { filter }, ctx.deadline, (l) => String((l as { id: unknown }).id));
  return items.map((l) => vspcAnswer(`GET ${VSPC_PATHS.logins}`, userLogin, l)).find((l) => l.id === id);
}

async function getLogin(client: VspcClient, userUid: string, id: string, ctx: OperationContext): Promise<UserLogin | undefined> {
  const res = await client.send("GET", VSPC_PATHS.login(userUid, id), { deadline: ctx.deadline, allow404: true });
  return res.status === 404 ? undefined : vspcAnswer(`GET ${VSPC_PATHS.login(userUid, id)}`, envelope, res.body).data;
}

export const provider = defineProvider(vspcApiKey, {
  label: (i) => `${i.userUid} ${i.description ?? ""}`.trim(),
  defaultTimeoutsMs: { create: 5 * MINUTE, update: 5 * MINUTE, delete: 5 * MINUTE, read: 5 * MINUTE },

  normalize: (i) => ({
    userUid: i.userUid,
    description: i.description ?? "",
    scopes: i.scopes,
    isReadAccessOnly: i.isReadAccessOnly ?? false,
    enabled: i.enabled ?? true,
  }),

  extraCheck: (i) => connectionFailures(() => resolveVspcConnection(i.connection)),

  async create(inputs, ctx) {
    const client = vspcClientFor(inputs.connection);
    ctx.log(`issuing an API key for user ${inputs.userUid}`);
    // The key is shown once, in the answer: a key whose answer was lost is useless and is revoked.
    const before = new Set((await loginsOf(client, inputs.userUid, ctx)).map((l) => l.id));
    const issue = `POST ${VSPC_PATHS.apiKey(inputs.userUid)}`;
    const login = await sendOnce<UserLogin>(ctx, {
      what: "API key issue",
      send: async () => {
        const res = await client.send("POST", VSPC_PATHS.apiKey(inputs.userUid), {
          query: { description: inputs.description ?? "", scopes: JSON.stringify(inputs.scopes), isReadAccessOnly: inputs.isReadAccessOnly ?? false },
          deadline: ctx.deadline,
          idempotent: false,
        });
        return vspcAnswer(issue, envelope, res.body).data;
      },
      lookup: async (c) => {
        const strays = (await loginsOf(client, inputs.userUid, c)).filter((l) => !before.has(l.id) && (l.description ?? "") === (inputs.description ?? ""));
        for (const stray of strays) {
          c.log(`revoking API key ${stray.id}: its answer (the only copy of the key) was lost`);
          await client.send("DELETE", VSPC_PATHS.login(inputs.userUid, String(stray.id)), { deadline: c.deadline, allow404: true });
        }
        return undefined;
      },
    });
    if (!login.parameters) throw new Error(`Veeam Service Provider Console answered ${issue} with no key (parameters)`);
    registerSecret(login.parameters);
    if (inputs.enabled === false) await setEnabled(client, inputs.userUid, login.id, false, ctx);
    return { id: login.id, outs: { ...remoteOutputs(login), enabled: inputs.enabled ?? true, apiKey: login.parameters } };
  },

  // The key is shown once, at creation: read and update leave it out, so it is kept from state.
  async read(id, olds, ctx) {
    const client = vspcClientFor(olds.connection);
    // No recorded user: read by id alone (`pulumi import`).
    const login = olds.userUid ? await getLogin(client, olds.userUid, id, ctx) : await findLogin(client, id, ctx);
    return login ? remoteOutputs(login) : undefined;
  },

  async update(id, olds, news, ctx) {
    const client = vspcClientFor(news.connection);
    const description = news.description ?? "";
    const enabled = news.enabled ?? true;
    const ops = [
      ...(description !== olds.description ? [{ op: "replace", path: "/description", value: description }] : []),
      ...(enabled !== olds.enabled ? [statusOp(enabled)] : []),
    ];
    let login: UserLogin | undefined;
    if (ops.length > 0) {
      ctx.log(`patching API key ${id}: ${ops.map((o) => `${o.path} = ${JSON.stringify(o.value)}`).join(", ")}`);
      // One JSON Patch for both changes; its answer is the login.
      const path = VSPC_PATHS.login(news.userUid, id);
      login = vspcAnswer(`PATCH ${path}`, envelope, (await client.send("PATCH", path, { body: ops, deadline: ctx.deadline })).body).data;
    } else {
      login = await getLogin(client, news.userUid, id, ctx);
    }
    if (!login) throw new ObjectGoneError(`API key ${id}`, "disappeared during the update");
    return remoteOutputs(login);
  },

  async delete(id, olds, ctx) {
    const client = vspcClientFor(olds.connection);
    const res = await client.send("DELETE", VSPC_PATHS.login(String(olds.userUid), id), { deadline: ctx.deadline, allow404: true });
    ctx.log(res.status === 404 ? `API key ${id} was already gone` : `deleted API key ${id}`);
  },
});

export const descriptor = vspcApiKey;
