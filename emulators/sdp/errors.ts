import type { FastifyReply } from "fastify";
import { z } from "zod";

/**
 * SDP error bodies name the kind: `{"badRequest": {"code": 400, "message": "Request Parameter
 * Error:\\n"}}` (the seed's one error sample, l.477-481, also l.756-759, l.1143-1146). The other
 * kinds' names are not in the seed; they are OpenStack's (unauthorized, itemNotFound, conflictingRequest).
 */
export function sdpError(kind: "badRequest" | "unauthorized" | "itemNotFound" | "conflictingRequest", code: number, message: string) {
  return { [kind]: { code, message } };
}

/** A 400 in the seed's badRequest body (l.477-481): "Request Parameter Error: <what is wrong>". */
export function badRequest(reply: FastifyReply, message: string) {
  return reply.code(400).send(sdpError("badRequest", 400, `Request Parameter Error: ${message}`));
}

/** What a request body's validation found, as `path: message; ...`. */
export function issuesOf(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
}

export const idParam = z.object({ tenantId: z.string(), id: z.string() });
