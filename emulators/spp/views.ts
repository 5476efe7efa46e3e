import { INVENTORY_JOB, type Hypervisor, type IdentityUser, type JobSession, type SppState } from "./state";

/** The hypervisor exactly as the seed's 201 examples show it (no password, ever). */
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

export function jobSessionView(s: JobSession) {
  return { id: s.id, jobId: INVENTORY_JOB.id, jobName: INVENTORY_JOB.name, type: "catalog", subType: "hypervisor", status: s.status, start: s.start, end: s.end };
}

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
