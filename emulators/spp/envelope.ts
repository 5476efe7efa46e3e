import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * SPP's two services answer differently. Under /ngp/ every body is `{statusCode, response}`, the
 * HTTP status repeated: the seed's 201, 400 and 401 of POST /ngp/hypervisor (l.94-145, l.167-227),
 * and IBM/sppclient reads `['response']` of /ngp/ answers (samples/registerhypervisor.py
 * `errmsg['response']['description']`, samples/vmware_restore.py `esp['response']['name']` after
 * POST ngp/hypervisor?action=restore, samples/sqlrestore.py `resp['response']['links']`). Under
 * /api/ bodies are bare: sppclient reads `['sessionid']`, `['hypervisors']`, `['jobs']`, `['users']`
 * and a job session's `['status']` straight from the JSON (spplib/sdk/client.py, samples/*.py).
 */
export function answer(request: FastifyRequest, reply: FastifyReply, status: number, body: unknown): FastifyReply {
  return reply.code(status).send(request.url.startsWith("/ngp/") ? { statusCode: status, response: body } : body);
}
