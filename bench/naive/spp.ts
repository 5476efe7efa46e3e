import { z } from "zod";
import { NAIVE_MAX_POLLS, NAIVE_POLL_MS, expectOk, naiveRequest, sleep } from "./http";

export interface NaiveSppTarget {
  url: string;
  username: string;
  password: string;
  ca?: string;
}

const session = z.looseObject({ sessionid: z.string().min(1) });
const hypervisor = z.looseObject({ id: z.union([z.string(), z.number()]).transform(String) });
/** POST /ngp/hypervisor answers `{statusCode, response}` (seed l.94-123). */
const registered = z.looseObject({ response: hypervisor });
const jobs = z.looseObject({ jobs: z.array(z.looseObject({ name: z.string(), currentStatus: z.string().nullish() })) });

/** A fresh SPP session for every request. */
async function call(t: NaiveSppTarget, method: "GET" | "POST", path: string, body?: unknown): Promise<unknown> {
  const basic = Buffer.from(`${t.username}:${t.password}`).toString("base64");
  const login = expectOk("SPP login", await naiveRequest({ method: "POST", url: `${t.url}/api/endeavour/session`, ca: t.ca, headers: { authorization: `Basic ${basic}` } }));
  const headers: Record<string, string> = { "x-endeavour-sessionid": session.parse(login.body).sessionid, ...(body === undefined ? {} : { "content-type": "application/json" }) };
  return expectOk(`${method} ${path}`, await naiveRequest({ method, url: `${t.url}${path}`, ca: t.ca, headers, body: body === undefined ? undefined : JSON.stringify(body) })).body;
}

/**
 * Registers a vCenter, then every 10 s lists the jobs until "Hypervisor Inventory" is no longer
 * running, then reads the hypervisor back (the versions the inventory filled in).
 */
export async function naiveRegister(t: NaiveSppTarget, hostAddress: string, credentials: { username: string; password: string }): Promise<{ id: string; polls: number }> {
  const body = { hostAddress, portNumber: 443, type: "vmware", username: credentials.username, password: credentials.password, sslConnection: true, opProperties: { snapshotConcurrency: 3 } };
  const id = registered.parse(await call(t, "POST", "/ngp/hypervisor", body)).response.id;
  for (let polls = 1; polls <= NAIVE_MAX_POLLS; polls++) {
    await sleep(NAIVE_POLL_MS);
    const inventory = jobs.parse(await call(t, "GET", "/api/endeavour/job")).jobs.find((j) => j.name === "Hypervisor Inventory");
    if (inventory && inventory.currentStatus !== "RUNNING") {
      hypervisor.parse(await call(t, "GET", `/api/hypervisor/${id}`));
      return { id, polls };
    }
  }
  throw new Error(`naive SPP registration of ${hostAddress}: the inventory still runs after ${NAIVE_MAX_POLLS} checks`);
}
