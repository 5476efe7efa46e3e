import type { FastifyInstance, FastifyRequest } from "fastify";
import { z } from "zod";
import type { EmulatorContext } from "../kit/server";
import { vspcErrors } from "./errors";
import type { VspcKnobs } from "./knobs";
import { newUid, type Answer, type AsyncAction, type VspcState } from "./state";

const idParam = z.object({ id: z.string() });

/**
 * The action as Cenvora/veeam-spc `veeam_spc/v3_6_1/models/async_action_info.py` (AsyncActionInfo)
 * holds it: `{id, initiatorUid, actionName, status, queryParameters, requestBody}`; the statuses of
 * `async_action_status.py`. No error is part of it: a failed action's reason is its result.
 */
function actionView(a: AsyncAction) {
  return { id: a.id, initiatorUid: a.initiatorUid, actionName: a.actionName, status: a.status, queryParameters: a.queryParameters, requestBody: a.requestBody };
}

/**
 * The failure the `asyncFails` knob injects: code 1000, "Requested operation cannot be performed at
 * the moment. message property of an error response contains the information about a cause"
 * (seed, error codes, line 1110), of type retryablelogical (line 1097). The seed names no HTTP
 * status for code 1000: 400, as the emulator answers code 1001.
 */
const INJECTED_FAILURE: Answer = { status: 400, body: vspcErrors({ message: "The operation failed on the server.", type: "retryablelogical", code: 1000 }) };

/** Starts and ends async actions; an action's result is the answer its operation gave. */
export class AsyncActions {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly state: VspcState,
    private readonly ctx: EmulatorContext<VspcKnobs>,
  ) {}

  /**
   * Accepts `request` as an action that runs `work` after `asyncMs`, and returns the 202's Location.
   * The action's UID is the request's x-request-id when it has one: "If you want to assign a
   * specific UID to an async action, add the x-request-id header" (seed line 1233).
   */
  start(request: FastifyRequest, actionName: string, work: () => Answer): string {
    const header = request.headers["x-request-id"];
    const id = typeof header === "string" && header ? header : newUid();
    const action: AsyncAction = {
      id,
      initiatorUid: request.vspcUser?.instanceUid ?? "",
      actionName,
      status: "running",
      queryParameters: Object.fromEntries(Object.entries(request.query as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
      requestBody: request.body === undefined ? null : JSON.stringify(request.body),
    };
    this.state.asyncActions.set(id, action);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      action.answer = this.ctx.knobs().asyncFails ? INJECTED_FAILURE : work();
      action.status = action.answer.status < 400 ? "succeed" : "failed";
    }, this.ctx.knobs().asyncMs);
    this.timers.add(timer);
    // "The Location header of the response contains a link to the /asyncAction/{asyncActionId}
    // resource of the task" (seed line 1232): the seed's spelling.
    return `/api/v3/asyncAction/${id}`;
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/**
 * `GET /asyncActions/{id}` and `…/result` (Cenvora/veeam-spc `api/async_actions/get_async_action_info.py`,
 * `get_async_action_result.py`), also under the seed's `/asyncAction/{id}` (line 1232). The info
 * answers in the `{data}` envelope; the result is the operation's own answer, replayed with its
 * status: the resource for a success, the error body `{errors:[…]}` for a failure ("error results
 * of actions are kept", line 1239). 404 while the action runs.
 */
export function asyncActionRoutes(api: FastifyInstance, state: VspcState): void {
  const missing = { status: 404, body: vspcErrors({ message: "Async action was not found.", type: "logical", code: 404 }) };
  const noResult = { status: 404, body: vspcErrors({ message: "Async action result was not found.", type: "logical", code: 404 }) };
  for (const base of ["/asyncActions", "/asyncAction"]) {
    api.get(`${base}/:id`, async (request, reply) => {
      const action = state.asyncActions.get(idParam.parse(request.params).id);
      return action ? { data: actionView(action) } : reply.code(missing.status).send(missing.body);
    });
    api.get(`${base}/:id/result`, async (request, reply) => {
      const action = state.asyncActions.get(idParam.parse(request.params).id);
      const answer = action ? (action.answer ?? noResult) : missing;
      return reply.code(answer.status).send(answer.body);
    });
  }
}
