import { INVENTORY_JOB, type Hypervisor, type IdentityUser, type JobSession, type SppState } from "./state";

/**
 * The hypervisor as the `response` of the seed's 201 examples (l.97-122, l.170-196), field for field
 * (no password, ever). `links` is elided as `{...}` in the seed (l.98): its members are assumptions.
 * `user.href` carries SPP's ":-1" port (l.102, l.176).
 */
export function hypervisorView(h: Hypervisor, base: string, host: string) {
  const self = `${base}/api/hypervisor/${h.id}`;
  return {
    links: {
      self: { rel: "self", href: self, hreflang: null, media: null, title: null, type: null, deprecation: null },
      edit: { rel: "update", href: `${base}/ngp/hypervisor/${h.id}`, hreflang: null, media: null, title: null, type: null, deprecation: null },
      delete: { rel: "delete", href: `${base}/ngp/hypervisor/${h.id}`, hreflang: null, media: null, title: null, type: null, deprecation: null },
    },
    name: h.hostAddress,
    hostAddress: h.hostAddress,
    user: { href: `https://${host}:-1/api/identity/user/${h.userId}` },
    sslConnection: h.sslConnection,
    portNumber: h.portNumber,
    type: h.type,
    id: h.id,
    uniqueId: h.uniqueId,
    version: h.version,
    build: h.build,
    apiVersion: h.apiVersion,
    properties: {},
    logicalDelete: false,
    accountName: null,
    opProperties: { snapshotConcurrency: h.snapshotConcurrency, veServerInfo: null },
    rbacPath: `root:0/hypervisor.all:0/hypervisor.type:${h.type}/hypervisor:${h.id}`,
    resourceType: "hypervisor",
  };
}

/** API-NOTES: passwords are read back as null. Fields beyond name, username, password, ostype, comment are assumptions. */
export function userView(u: IdentityUser, base: string) {
  const href = `${base}/api/identity/user/${u.id}`;
  return {
    links: { self: { rel: "self", href } },
    id: u.id,
    href,
    name: u.name,
    username: u.username,
    password: null,
    ostype: u.ostype,
    comment: u.comment,
    type: "SYSTEM",
    rbacPath: `root:0/identity:0/identitytype:user/identityuser:${u.id}`,
    resourceType: "identityuser",
  };
}

/** sppclient reads status (client.py JobAPI.monitor), start and jobName (samples/get_sessions.py); the rest are assumptions. */
export function jobSessionView(s: JobSession) {
  return { id: s.id, jobId: INVENTORY_JOB.id, jobName: INVENTORY_JOB.name, type: "catalog", subType: "hypervisor", status: s.status, start: s.start, end: s.end };
}

/**
 * sppclient reads id, name, status, links.start.href (client.py JobAPI.run, samples/runjob.py), currentStatus
 * (IDLE/PENDING/RUNNING, cmd_job.py), lastSessionStatus and lastrun.sessionId/status/start (client.py,
 * samples/joblist.py, spplogcollect.py). `lastrun` is null before any run: an assumption.
 */
export function jobView(state: SppState, base: string) {
  const running = state.currentInventory;
  const last = state.lastInventory;
  const shown = running ?? last;
  return {
    links: {
      self: { rel: "self", href: `${base}/api/endeavour/job/${INVENTORY_JOB.id}` },
      start: { rel: "action", href: `${base}/api/endeavour/job/${INVENTORY_JOB.id}?action=start&actionname=start` },
    },
    id: INVENTORY_JOB.id,
    name: INVENTORY_JOB.name,
    type: "catalog",
    subType: "hypervisor",
    serviceId: "serviceprovider.catalog.hypervisor",
    status: "IDLE",
    currentStatus: running ? "RUNNING" : "IDLE",
    lastSessionStatus: last?.status ?? null,
    lastrun: shown ? { sessionId: shown.id, jobName: INVENTORY_JOB.name, status: shown.status, start: shown.start, end: shown.end } : null,
  };
}
