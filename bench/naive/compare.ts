import type { RecordedRequest } from "../../emulators";
import { startEstate, type Estate } from "../estate";
import { BASELINE_KNOBS } from "../knobs";
import { isAuth, routeSummary, timed, type RequestLog } from "../op-log";
import { captureProviderTexts } from "../provider-texts";
import { sppInventoryIdle } from "../spp-idle";
import { PLACEHOLDER_REFS } from "../../test/fixtures";
import { subjects, urnOf } from "../subjects";
import { naiveCreateServer } from "./sdp";
import { naiveRegister } from "./spp";
import { naiveCreateCompany } from "./vspc";

export interface Side {
  wallMs: number;
  /** Every vendor request, logins included. */
  requests: number;
  logins: number;
  /** From the start to the first request the emulator received. */
  firstRequestMs: number;
  /** Every request by route ("20× POST /ngp/hypervisor, …"). */
  sent: string;
}

export interface Comparison {
  work: string;
  pkg: Side;
  naive: Side;
}

/** Registrations and company creates run this many at once, on both sides. */
export const WIDTH = 20;
const VC = { username: "administrator@vsphere.local", password: "Baseline-VC-Passw0rd" };
const ESX = { adminPass: "Baseline-Esxi-Passw0rd", imageRef: "img", flavorRef: "flv" };
const NETWORKS = [
  { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a22", segmentationId: 2001 },
  { uuid: "d32019d3-bc6e-4319-9c1d-6722fc136a23", segmentationId: 2002 },
];

async function side(emu: RequestLog, run: () => Promise<unknown>): Promise<Side> {
  const started = Date.now();
  const t = await timed(emu, run);
  const firstRequestMs = Math.min(...t.log.map((r) => r.receivedAt)) - started;
  const logins = t.log.filter((r: RecordedRequest) => isAuth(r)).length;
  return { wallMs: t.ms, requests: t.log.length, logins, firstRequestMs, sent: routeSummary(t.log) };
}

const times = <T>(n: number, make: (i: number) => Promise<T>): Promise<T[]> => Promise.all(Array.from({ length: n }, (_, i) => make(i)));

async function compareAll(estate: Estate, texts: ReadonlyMap<string, string>): Promise<Comparison[]> {
  const { host, sdp, spp, vspc } = estate;
  const provider = (type: string): string => texts.get(type) ?? "";
  const sdpTarget = { authUrl: sdp.authUrl, ...sdp.credentials, ca: sdp.caCert };
  const sppTarget = { url: spp.url, ...spp.credentials, ca: spp.caCert };
  const vspcTarget = { apiUrl: vspc.apiUrl, ...vspc.credentials, ca: vspc.caCert };
  const out: Comparison[] = [];

  const serverUrn = urnOf({ type: "SdpServer", vendor: "sdp" }, "baseline");
  out.push({
    work: `1 SdpServer create (${BASELINE_KNOBS.sdp.buildMs / 1000} s build)`,
    pkg: await side(sdp, () => host.create(serverUrn, { name: "pkg-esx", ...ESX, networks: NETWORKS, __provider: provider("SdpServer") })),
    naive: await side(sdp, () => naiveCreateServer(sdpTarget, { name: "naive-esx", ...ESX, networks: NETWORKS.map((n) => ({ uuid: n.uuid, segmentation_id: n.segmentationId })) })),
  });

  const hvUrn = urnOf({ type: "SppHypervisor", vendor: "spp" }, "baseline");
  await sppInventoryIdle(spp);
  const pkgSpp = await side(spp, () =>
    times(WIDTH, (i) => host.create(hvUrn, { hostAddress: `pkg-${i}.vc.example`, type: "vmware", ...VC, waitForInventory: true, __provider: provider("SppHypervisor") })),
  );
  await sppInventoryIdle(spp);
  const naiveSpp = await side(spp, () => times(WIDTH, (i) => naiveRegister(sppTarget, `naive-${i}.vc.example`, VC)));
  out.push({ work: `${WIDTH} SppHypervisor registrations with the inventory wait (${BASELINE_KNOBS.spp.inventoryMs / 1000} s run), ${WIDTH} at once`, pkg: pkgSpp, naive: naiveSpp });

  const companyUrn = urnOf({ type: "VspcCompany", vendor: "vspc" }, "baseline");
  const owner = (who: string, i: number) => ({ userName: `${who}-${i}-owner`, password: "Baseline-Owner-Passw0rd" });
  out.push({
    work: `${WIDTH} VspcCompany creates, ${WIDTH} at once`,
    pkg: await side(vspc, () =>
      times(WIDTH, (i) => host.create(companyUrn, { organization: { name: `PkgCo ${i}` }, ownerUserName: owner("pkg", i).userName, ownerPassword: owner("pkg", i).password, __provider: provider("VspcCompany") })),
    ),
    naive: await side(vspc, () => times(WIDTH, (i) => naiveCreateCompany(vspcTarget, `NaiveCo ${i}`, owner("naive", i)))),
  });
  return out;
}

/**
 * The same work by this package (through a fresh provider host) and by the deliberately naive
 * client in this folder, one after the other on the same fresh emulators.
 */
export async function compareWithNaive(): Promise<Comparison[]> {
  const texts = await captureProviderTexts(subjects(PLACEHOLDER_REFS).filter((s) => ["SdpServer", "SppHypervisor", "VspcCompany"].includes(s.type)));
  const estate = await startEstate(BASELINE_KNOBS);
  try {
    return await compareAll(estate, texts);
  } finally {
    await estate.close();
  }
}
