import { randomUUID } from "node:crypto";
import { sendOnce } from "../core/send-once";
import type { OperationContext } from "../core/provider";
import { followAction, resultData, type Wait } from "./async";
import { VSPC_PATHS, vspcAnswer, type VspcClient } from "./client";
import { conflictsOnName, explainConflict } from "./company-conflict";
import { findCompanyByName } from "./company-lookup";
import type { VspcCompanyInputs } from "./company";
import { companyInput, companyResponse, type CompanyResponse } from "./company-schema";
import { clean } from "./documents";

const CREATE = `POST ${VSPC_PATHS.companies}`;

/** The company of this name whose owner login is ours: what an earlier attempt of this create made. */
async function ownCompany(client: VspcClient, inputs: VspcCompanyInputs, ctx: OperationContext): Promise<CompanyResponse | undefined> {
  const found = await findCompanyByName(client, inputs.organization.name, ctx);
  return found && found.ownerCredentials?.userName?.toLowerCase() === inputs.ownerUserName.toLowerCase() ? found : undefined;
}

/** The async action an attempt's x-request-id named (seed: it assigns the action's UID), followed to its company. */
async function fromAction(client: VspcClient, requestId: string, wait: Wait): Promise<CompanyResponse | undefined> {
  const res = await client.send("GET", VSPC_PATHS.asyncAction(requestId), { deadline: wait.deadline, allow404: true });
  if (res.status === 404) return undefined;
  return vspcAnswer(`GET ${VSPC_PATHS.asyncResult(requestId)}`, companyResponse, await followAction(client, requestId, wait));
}

/**
 * `POST /organizations/companies`, at most once in effect. VSPC does not deduplicate a resent POST
 * (x-request-id only names its async action), so after an uncertain failure `sendOnce` looks first:
 * the attempt's async action, then a company of this name with our owner login. A resend that still
 * meets a 409 on the name (the lookup missed what the earlier attempt made) takes that company.
 */
export async function createCompany(client: VspcClient, inputs: VspcCompanyInputs, ctx: OperationContext): Promise<CompanyResponse> {
  const wait = (c: OperationContext): Wait => ({ deadline: c.deadline, onWait: c.log });
  let lastRequestId: string | undefined;
  let earlierMayHaveLanded = false;
  return sendOnce(ctx, {
    what: "company create",
    send: async () => {
      const requestId = randomUUID();
      lastRequestId = requestId;
      let res;
      try {
        res = await client.send("POST", VSPC_PATHS.companies, { body: companyInput(inputs), requestId, deadline: ctx.deadline, idempotent: false });
      } catch (error) {
        const mine = earlierMayHaveLanded && conflictsOnName(error) ? await ownCompany(client, inputs, ctx) : undefined;
        if (mine) {
          ctx.log(`the resend met a 409 for the name: took the company its own earlier attempt made (${mine.instanceUid})`);
          return mine;
        }
        throw await explainConflict(client, inputs, error, ctx);
      }
      return vspcAnswer(CREATE, companyResponse, await resultData(client, CREATE, res, wait(ctx)));
    },
    lookup: async (c) => {
      earlierMayHaveLanded = true;
      return (lastRequestId ? await fromAction(client, lastRequestId, wait(c)) : undefined) ?? (await ownCompany(client, inputs, c));
    },
    landedLate: (c) => ({ id: c.instanceUid, properties: { organization: clean(inputs.organization), ownerUserName: inputs.ownerUserName, adopted: false } }),
  });
}
