import { statusOf, type Server } from "./state";

/**
 * A server's connection to the common function gateway (CFGW): up once the server is ACTIVE,
 * unless a test took it down (`breakCfgw`); SDP's update re-establishes it unless the break is sticky.
 * The seed says only that the update "updates the connection status" (l.978-981); that it
 * re-establishes a connection that went down is the emulator's reading.
 */

/**
 * The error type of a server that is not ACTIVE. Invented: SDP documents no `error_type` value
 * (its samples give null, l.972 and l.1001), and the ones tests give `breakCfgw` are invented too.
 */
export const NOT_ACTIVE_ERROR_TYPE = "NOT_CONNECTED";

/** `server.cfgw_connection` of Show and Update CFGW Connection (seed l.968-977, l.997-1006). */
export interface CfgwConnectionView {
  status: boolean;
  error_type: string | null;
  last_established_at: string | null;
  updated_at: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Whether the build has ended ACTIVE (the connection was established then). */
const builtActive = (s: Server, now: number) => !s.fails && now >= s.builtAt;

export function cfgwConnectionOf(s: Server, now: number): CfgwConnectionView {
  const up = statusOf(s, now) === "ACTIVE" && !s.cfgw?.broken;
  const last = s.cfgw?.lastEstablishedAt !== undefined ? s.cfgw.lastEstablishedAt : builtActive(s, now) ? s.builtAt : null;
  const updated = s.cfgw?.updatedAt ?? (now >= s.builtAt ? s.builtAt : Date.parse(s.created));
  return {
    status: up,
    error_type: up ? null : (s.cfgw?.broken?.errorType ?? NOT_ACTIVE_ERROR_TYPE),
    last_established_at: last === null ? null : iso(last),
    updated_at: iso(updated),
  };
}

/** Takes the connection down with `errorType`; `sticky`: SDP's update does not bring it back. */
export function breakCfgw(s: Server, errorType: string, sticky: boolean, now: number): void {
  // A break before the build ended: the connection was never established.
  const lastEstablishedAt = s.cfgw?.lastEstablishedAt !== undefined ? s.cfgw.lastEstablishedAt : builtActive(s, now) ? s.builtAt : null;
  s.cfgw = { broken: { errorType, sticky }, lastEstablishedAt, updatedAt: now };
}

/** SDP's update (POST, no body): re-establishes a connection that a non-sticky break took down, on an ACTIVE server. */
export function updateCfgw(s: Server, now: number): void {
  const cfgw = s.cfgw ?? {};
  if (statusOf(s, now) === "ACTIVE" && cfgw.broken && !cfgw.broken.sticky) {
    delete cfgw.broken;
    cfgw.lastEstablishedAt = now;
  }
  cfgw.updatedAt = now;
  s.cfgw = cfgw;
}
