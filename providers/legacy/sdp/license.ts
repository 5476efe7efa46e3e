// Release 0.1.0 stored `require("pulumi-backup-infra/dist/providers/sdp/license").provider` in every
// SdpLicense's state; package.json maps that path here, so such stacks keep working.
import { dynamicType } from "../../program/resource-type";
import { providerFor } from "../../registry";

export const provider = providerFor(dynamicType("sdp", "SdpLicense").token);
