import { ADAPTIVE_POLL } from "../providers/core/poll";
import { OP_KNOBS } from "./knobs";
import { SCP_TASK_POLL, inventoryPolls, pollsToSee } from "./poll-model";
import type { Op } from "./subjects";

/**
 * The fewest vendor requests an operation needs, stated by hand from the API's shape, with a warm
 * session (login and token requests are not counted on either side).
 *
 * Polls: where the API only says "done" through a status, the minimum counts the mutating
 * request(s) plus the status checks the package's own waiter schedule needs to see the change with
 * instant answers (`polls`, from bench/poll-model.ts and the emulator's wait knob). A waiter that
 * knew the wait in advance would need one check: `floor` counts that.
 */
export interface Minimum {
  /** Requests that are not status polls. */
  fixed: number;
  /** Status checks on the waiter's schedule. */
  polls: number;
  /** One line, from the API's shape. */
  why: string;
}

export const minimumOf = (m: Minimum): number => m.fixed + m.polls;
/** The minimum with one status check per wait (a waiter that knew when to look). */
export const floorOf = (m: Minimum): number => m.fixed + (m.polls > 0 ? 1 : 0);

const min = (fixed: number, why: string, polls = 0): Minimum => ({ fixed, polls, why });

export type MinimumTable = Record<string, Partial<Record<Op, Minimum>>>;

export function minimums(k: typeof OP_KNOBS = OP_KNOBS): MinimumTable {
  const build = pollsToSee(ADAPTIVE_POLL, k.sdp.buildMs);
  const gone = pollsToSee(ADAPTIVE_POLL, k.sdp.deleteMs);
  const task = pollsToSee(SCP_TASK_POLL, k.scp.taskMs);
  const inventory = inventoryPolls(k.spp.inventoryMs);
  return {
    SppHypervisor: {
      create: min(1, "POST /ngp/hypervisor: the 201 carries every output. The provider lists by host first (2) because IBM does not document refusing a second registration of a host; the emulator's 409 is an assumption"),
      read: min(1, "GET /api/hypervisor/{id}"),
      update: min(1, "PUT /ngp/hypervisor/{id}: the answer is the hypervisor"),
      delete: min(1, "DELETE /ngp/hypervisor/{id}"),
    },
    "SppHypervisor (waitForInventory)": {
      create: min(
        3,
        `POST /ngp/hypervisor, GET /api/endeavour/job (the inventory job's id), job checks on the 0.25 s-doubling schedule (${k.spp.inventoryMs} ms run; its lastrun carries the status), GET /api/hypervisor/{id} for the versions the run filled in`,
        inventory,
      ),
    },
    VspcCompany: {
      create: min(2, "POST /organizations/companies (answers the company, with neither its organization uid nor its owner's uid), GET /users filtered by the owner's user name (gives both)"),
      read: min(1, "GET /organizations/companies/{uid}?expand=Organization"),
      update: min(1, "PATCH of the one changed document (here /organizations/{uid}): the answer is the document; the owner's uid does not change"),
      delete: min(1, "DELETE /organizations/companies/{uid} (200 here: no async action)"),
    },
    VspcApiKey: {
      create: min(1, "POST /users/{uid}/logins/apikey: the answer holds the key"),
      read: min(1, "GET /users/{uid}/logins/{id}"),
      update: min(1, "PATCH /users/{uid}/logins/{id}: the answer is the login"),
      delete: min(1, "DELETE /users/{uid}/logins/{id}"),
    },
    SdpServer: {
      create: min(1, `POST /servers, then GET /servers/{id} on the adaptive schedule until ACTIVE (${k.sdp.buildMs} ms build)`, build),
      read: min(1, "GET /servers/{id}"),
      update: min(1, "PUT /servers/{id}: the answer is the server"),
      delete: min(2, `GET /servers/{id} (DELETE is taken in ACTIVE or ERROR only: a BUILD is waited out, never sent a DELETE), DELETE /servers/{id}, then GET until 404 on the adaptive schedule (${k.sdp.deleteMs} ms)`, gone),
    },
    SdpLicense: {
      create: min(1, "POST /licenses: an unknown type answers 400, so GET /license_types first is not needed"),
      read: min(1, "GET /licenses (the API has no get by id; unfiltered, so a type recorded in the API's echoed spelling cannot miss)"),
      update: min(0, "nothing updates in place (licenseType replaces)"),
      delete: min(1, "DELETE /licenses/{id}"),
    },
    SdpVcenter: {
      create: min(1, "POST /vcenters: an address in use is refused (400: the seed lists no 409 for register), so no list first"),
      read: min(1, "GET /vcenters (the API has no get by id)"),
      update: min(1, "PUT /vcenters/{id}: the answer is the vCenter"),
      delete: min(1, "DELETE /vcenters/{id}"),
    },
    SdpVsphereContract: {
      create: min(2, "GET /vsphere_contracts (which of the three cases applies: the final month needs renewal first; all_server_cores), POST /vsphere_contracts"),
      read: min(1, "GET /vsphere_contracts"),
      update: min(2, "GET /vsphere_contracts (the case), POST /vsphere_contracts with the new cores"),
      delete: min(2, "GET /vsphere_contracts (the case decides what delete means), POST with cores 0"),
    },
    ScpBackupProxyImage: {
      create: min(1, `POST /images/action (a source VM that is not a backup proxy answers 400, so no GET of it first), task checks until finish (${k.scp.taskMs} ms task)`, task),
      read: min(1, "GET /images/{id}"),
      update: min(1, "PUT /images/{id}, task checks until finish (an image edit answers a task_id)", task),
      delete: min(1, "DELETE /images/{id}, task checks until finish", task),
    },
    ScpBackupProxyVm: {
      create: min(2, "POST /servers, task checks until finish, GET /servers/{id} (power, vmtools and os_name are not in the task)", task),
      read: min(1, "GET /servers/{id}"),
      update: min(1, "PUT /servers/{id}, task checks until finish", task),
      delete: min(1, "DELETE /servers/{id}, task checks until finish", task),
    },
  };
}
