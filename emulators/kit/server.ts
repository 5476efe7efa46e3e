import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { EmulatorClock } from "./clock";
import { FaultPlan, faultRuleSchema } from "./faults";
import { RequestRecorder, redactHeaderValue, type RecordedRequest } from "./recorder";
import { zodReason } from "./control-input";
import { selfSignedCertificate } from "./tls";
import { zodOf } from "../../providers/program/zod-of";
import { CONTROL_PREFIX, urlHost, type BaseKnobs, type EmulatorHandle, type EmulatorOptions } from "./handle";

export { CONTROL_PREFIX, urlHost, type BaseKnobs, type EmulatorHandle, type EmulatorOptions } from "./handle";
import type { Schema } from "../../providers/program/schema";

export interface EmulatorContext<K extends BaseKnobs> {
  clock: EmulatorClock;
  knobs(): K;
}

export interface EmulatorDefinition<K extends BaseKnobs> {
  knobs: K;
  knobSchema: Schema<unknown, Partial<K>>;
  routes(app: FastifyInstance, ctx: EmulatorContext<K>): void;
  inventory(): unknown;
  /** Vendor-specific control routes, mounted under /_emulator/. */
  control?(app: FastifyInstance): void;
}

const DROP = Symbol("commit-then-drop");
const STARTED = Symbol("started");
const DELAY = Symbol("delay");
const STALL = Symbol("stall");
type Marked = FastifyRequest & { [DROP]?: boolean; [STARTED]?: RecordedRequest; [DELAY]?: number; [STALL]?: number };

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isControl(url: string): boolean {
  return url.startsWith(`${CONTROL_PREFIX}/`);
}

/** Starts a vendor emulator: fastify on 127.0.0.1 with the request log, knobs, faults and control API. */
export async function startEmulator<K extends BaseKnobs>(def: EmulatorDefinition<K>, opts: EmulatorOptions = {}): Promise<EmulatorHandle<K>> {
  const host = opts.host ?? "127.0.0.1";
  const tls = opts.tls === false ? undefined : await selfSignedCertificate(host);
  const app: FastifyInstance = tls ? (Fastify({ https: { key: tls.key, cert: tls.cert } }) as unknown as FastifyInstance) : Fastify();
  const clock = new EmulatorClock();
  const recorder = new RequestRecorder();
  const faults = new FaultPlan();
  let knobs: K = { ...def.knobs };

  // Clients often send a JSON content type on body-less POSTs (login, job actions); accept that.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    const text = String(body);
    (request as FastifyRequest & { rawBody?: string }).rawBody = text;
    if (text.trim() === "") return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error("request body is not valid JSON"), { statusCode: 400 }), undefined);
    }
  });

  app.addHook("onRequest", async (request: Marked, reply: FastifyReply) => {
    if (isControl(request.url)) return;
    const [path] = request.url.split("?");
    request[STARTED] = recorder.record({
      method: request.method,
      path,
      route: request.routeOptions.url ?? path,
      query: request.query as Record<string, string>,
      headers: Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, redactHeaderValue(k, String(v))])),
      body: null,
      receivedAt: clock.now(),
    });
    const fault = faults.take(request.method, path, request.routeOptions.url);
    if (!fault) return;
    if (fault.type === "delay") request[DELAY] = fault.ms;
    else if (fault.type === "stall") request[STALL] = fault.ms;
    else if (fault.type === "commit-then-drop") request[DROP] = true;
    else if (fault.type === "reset") {
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    } else {
      return reply
        .code(fault.status)
        .headers(fault.headers ?? {})
        .send(fault.body ?? { error: `fault injected: HTTP ${fault.status}` });
    }
  });

  // Latency is spent here, after every onRequest hook: a vendor's throttle (an onRequest hook of
  // its routes) then counts the slow request as in progress, as a real server would.
  app.addHook("preHandler", async (request: Marked) => {
    if (!request[STARTED]) return;
    // A streamed body (an image upload) is read by its route, not kept in the log.
    const streamed = typeof (request.body as { pipe?: unknown } | undefined)?.pipe === "function";
    request[STARTED].body = streamed ? "(streamed body)" : (request.body ?? null);
    const wait = knobs.latencyMs + (request[DELAY] ?? 0);
    if (wait > 0) await sleep(wait);
  });

  app.addHook("onSend", async (request: Marked, reply, payload) => {
    if (request[STALL]) await sleep(request[STALL]);
    if (request[DROP]) request.raw.socket.destroy();
    if (request[STARTED]) reply.header("date", new Date(clock.now()).toUTCString());
    if (request[STARTED]) {
      request[STARTED].status = reply.statusCode;
      request[STARTED].respondedAt = clock.now();
      if (reply.statusCode >= 400 && typeof payload === "string") request[STARTED].responseBody = parseJson(payload);
    }
    return payload;
  });

  def.routes(app, { clock, knobs: () => knobs });

  const setKnobs = (patch: Partial<K>): void => {
    knobs = { ...knobs, ...zodOf(def.knobSchema).parse(patch) };
  };
  await app.register(async (control) => {
    // Bad control input is a 400 with one line naming the field, never a 500 with zod's issue dump.
    control.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
      if (error instanceof z.ZodError) return reply.code(400).send({ error: zodReason(error) });
      const code = typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
      return reply.code(code).send({ error: error.message.split("\n")[0] });
    });
    const endpoints: string[] = [];
    control.addHook("onRoute", (route) => {
      for (const method of [route.method].flat()) if (method !== "HEAD") endpoints.push(`${method} ${route.url}`);
    });
    control.get("/", async () => ({ endpoints }));
    control.get("/requests", async () => recorder.requests());
    control.delete("/requests", async (_q, reply) => {
      recorder.clear();
      return reply.code(204).send();
    });
    control.get("/counters", async () => recorder.counters());
    control.get("/knobs", async () => knobs);
    control.put("/knobs", async (request) => {
      setKnobs(request.body as Partial<K>);
      return knobs;
    });
    control.post("/faults", async (request, reply) => {
      faults.add(z.array(zodOf(faultRuleSchema)).parse(request.body));
      return reply.code(204).send();
    });
    control.delete("/faults", async (_q, reply) => {
      faults.clear();
      return reply.code(204).send();
    });
    control.get("/inventory", async () => def.inventory());
    control.post("/clock", async (request) => {
      clock.advance(z.object({ advanceMs: z.number() }).parse(request.body).advanceMs);
      return { now: clock.now() };
    });
    def.control?.(control);
  }, { prefix: CONTROL_PREFIX });

  await app.listen({ host, port: opts.port ?? 0 });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://${urlHost(host)}:${port}`,
    caCert: tls?.cert,
    requests: () => recorder.requests(),
    counters: () => recorder.counters(),
    count: (method, route) => recorder.count(method, route),
    clearLog: () => recorder.clear(),
    knobs: () => knobs,
    setKnobs,
    addFaults: (rules) => faults.add(rules),
    clearFaults: () => faults.clear(),
    advanceClock: (ms) => clock.advance(ms),
    close: async () => {
      app.server.closeAllConnections?.();
      await app.close();
    },
  };
}
