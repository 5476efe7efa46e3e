// A company policy pack as the README's "A company pack" writes it, compiled by
// test/e2e/consumer-compile.test.ts against the packed package. Type-checked only.
import { backupInfraPolicies, BackupInfraPolicyPack } from "pulumi-backup-infra/policies";

new BackupInfraPolicyPack("acme-backup", {
  "credential-strength": { minLength: 16 },
  "spp-snapshot-concurrency-range": { enforcementLevel: "mandatory", max: 6 },
  "vspc-company-quotas-required": false,
}, []);

export const advisory = backupInfraPolicies({ all: "advisory", "credential-strength": "mandatory", "every-vcenter-protected": false });
