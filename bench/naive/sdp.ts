import { z } from "zod";
import { NAIVE_MAX_POLLS, NAIVE_POLL_MS, expectOk, naiveRequest, sleep } from "./http";

export interface NaiveSdpTarget {
  authUrl: string;
  username: string;
  password: string;
  tenantId: string;
  ca?: string;
}

const tokenBody = z.looseObject({
  token: z.looseObject({ catalog: z.array(z.looseObject({ type: z.string(), endpoints: z.array(z.looseObject({ url: z.string() })).min(1) })) }),
});
const created = z.looseObject({ server: z.looseObject({ id: z.string() }) });
const detail = z.looseObject({ server: z.looseObject({ status: z.string() }) });

/** A fresh Keystone token (and the dedicated-hypervisor endpoint from its catalog), for every request. */
async function login(t: NaiveSdpTarget): Promise<{ token: string; base: string }> {
  const res = expectOk(
    "keystone login",
    await naiveRequest({
      method: "POST",
      url: `${t.authUrl}/auth/tokens`,
      ca: t.ca,
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ auth: { identity: { methods: ["password"], password: { user: { name: t.username, password: t.password, domain: { name: "Default" } } } }, scope: { project: { id: t.tenantId } } } }),
    }),
  );
  const service = tokenBody.parse(res.body).token.catalog.find((c) => c.type === "dedicated-hypervisor");
  const token = res.headers["x-subject-token"];
  if (!service || !token) throw new Error("naive keystone login: no token or no dedicated-hypervisor endpoint");
  return { token, base: service.endpoints[0].url };
}

/** POST /servers, then every 10 s a new login and GET /servers/{id}, until the server leaves BUILD. */
export async function naiveCreateServer(t: NaiveSdpTarget, server: Record<string, unknown>): Promise<{ id: string; status: string; polls: number }> {
  let s = await login(t);
  const res = expectOk("POST /servers", await naiveRequest({ method: "POST", url: `${s.base}/servers`, ca: t.ca, headers: { "x-auth-token": s.token, "content-type": "application/json" }, body: JSON.stringify({ server }) }));
  const id = created.parse(res.body).server.id;
  for (let polls = 1; polls <= NAIVE_MAX_POLLS; polls++) {
    await sleep(NAIVE_POLL_MS);
    s = await login(t);
    const got = expectOk("GET /servers/{id}", await naiveRequest({ method: "GET", url: `${s.base}/servers/${id}`, ca: t.ca, headers: { "x-auth-token": s.token } }));
    const status = detail.parse(got.body).server.status;
    if (status !== "BUILD") return { id, status, polls };
  }
  throw new Error(`naive SdpServer ${id}: still BUILD after ${NAIVE_MAX_POLLS} checks`);
}
