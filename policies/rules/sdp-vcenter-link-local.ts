import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, isType, type Props, type RuleOptions } from "../types";

const LINK_LOCAL = /^169\.254\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

export function sdpVcenterLinkLocal(o: RuleOptions = {}): ResourceValidationPolicy {
  return {
    name: "sdp-vcenter-link-local",
    description: "vCenters are registered with SDP at a link-local address (169.254.0.0/16).",
    enforcementLevel: o.enforcementLevel ?? "mandatory",
    validateResource: (args, report) => {
      if (!isType(args, TYPES.sdpVcenter)) return;
      const address = (args.props as Props).linkLocalAddress;
      if (typeof address === "string" && !LINK_LOCAL.test(address)) report(`linkLocalAddress ${address} is not in 169.254.0.0/16.`);
    },
  };
}
