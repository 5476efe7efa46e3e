// Release 0.1.0 stored `require("pulumi-backup-infra/dist/providers/scp/image").provider` in every
// ScpBackupProxyImage's state; package.json maps that path here, so such stacks keep working.
import { dynamicType } from "../../program/resource-type";
import { providerFor } from "../../registry";

export const provider = providerFor(dynamicType("scp", "ScpBackupProxyImage").token);
