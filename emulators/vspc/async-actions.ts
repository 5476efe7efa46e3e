import type { FastifyInstance } from "fastify";
import { z } from "zod";
import { vspcErrors } from "./errors";
import type { AsyncAction, VspcState } from "./state";

const idParam = z.object({ id: z.string() });

function actionView(a: AsyncAction) {
  return { id: a.id, actionName: a.actionName, status: a.status, startTime: a.startTime, endTime: a.endTime, ...(a.errors ? { errors: a.errors } : {}) };
}

export function asyncActionRoutes(api: FastifyInstance, state: VspcState): void {
  api.get("/asyncActions/:id", async (request, reply) => {
    const action = state.asyncActions.get(idParam.parse(request.params).id);
    return action ? { data: actionView(action) } : reply.code(404).send(vspcErrors({ message: "Async action was not found.", type: "logical", code: 404 }));
  });
  api.get("/asyncActions/:id/result", async (request, reply) => {
    const action = state.asyncActions.get(idParam.parse(request.params).id);
    if (!action || action.status !== "succeed") return reply.code(404).send(vspcErrors({ message: "Async action result was not found.", type: "logical", code: 404 }));
    return action.result;
  });
}
