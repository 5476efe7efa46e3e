import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envName } from "../../providers/core/config";
import { nsxConnection } from "../../providers/nsx/connection";
import { scpConnection } from "../../providers/scp/connection";
import { sdpConnection } from "../../providers/sdp/connection";
import { sppConnection } from "../../providers/spp/connection";
import { vspcConnection } from "../../providers/vspc/connection";
import { REPO_ROOT } from "../e2e/project";

/**
 * examples/pipeline/backup-infra.yml as GitHub reads it (issue 15 §8): who may comment, the drift
 * check, the vendor secrets' env names and the stack/environment name. Its commands are run by
 * test/cli/automation.test.ts. js-yaml is not a direct devDependency (it comes with eslint); it is
 * loaded the same way automation.test.ts loads it.
 */
interface Step {
  name?: string;
  uses?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Job {
  if?: string;
  environment?: string | { name: string };
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env: Record<string, string>;
  jobs: Record<string, Job>;
}

const yaml = require(require.resolve("js-yaml", { paths: [REPO_ROOT] })) as { load(text: string): unknown };
const workflow = yaml.load(readFileSync(join(REPO_ROOT, "examples/pipeline/backup-infra.yml"), "utf8")) as Workflow;

/** Each vendor's secret settings, as the env names the providers read. */
const SECRET_ENV = [sppConnection, vspcConnection, sdpConnection, scpConnection, nsxConnection]
  .flatMap((c) => Object.entries(c.settings).filter(([, s]) => s.secret === true).map(([name]) => envName(c.vendor, name)))
  .sort();
const pulumiSteps = (job: Job): Step[] => job.steps.filter((s) => s.run !== undefined && /^pulumi /.test(s.run.trim()));

describe("examples/pipeline/backup-infra.yml", () => {
  it("the secret settings the env names are taken from are those the workflow's header names", () => {
    expect(SECRET_ENV).toEqual(["NSX_PASSWORD", "SCP_PASSWORD", "SCP_SECRET_KEY", "SDP_PASSWORD", "SPP_PASSWORD", "VSPC_API_KEY", "VSPC_PASSWORD"]);
  });

  it("permissions: the workflow reads contents; only the preview job, which comments, writes pull requests", () => {
    expect(workflow.permissions).toEqual({ contents: "read" });
    const preview = workflow.jobs.preview;
    expect(preview.steps.some((s) => s.run?.includes("gh pr comment"))).toBe(true);
    expect(preview.permissions).toEqual({ contents: "read", "pull-requests": "write" });
    for (const [name, job] of Object.entries(workflow.jobs)) {
      if (name === "preview") continue;
      expect(job.steps.some((s) => s.run?.includes("gh ")), name).toBe(false);
      expect(job.permissions, name).toBeUndefined();
    }
  });

  it("drift: a scheduled job refreshes the stack with --expect-no-changes", () => {
    const schedule = workflow.on.schedule as { cron: string }[];
    expect(schedule).toHaveLength(1);
    expect(schedule[0].cron.split(/\s+/)).toHaveLength(5);
    const drift = workflow.jobs.drift;
    expect(drift.if).toBe("github.event_name == 'schedule'");
    expect(pulumiSteps(drift).map((s) => s.run?.trim())).toEqual(['pulumi refresh --yes --expect-no-changes --stack "$STACK" --color never']);
    // The other jobs do not run on the schedule.
    expect(workflow.jobs.preview.if).toBe("github.event_name == 'pull_request'");
    expect(workflow.jobs.up.if).toBe("github.event_name == 'push'");
  });

  it("vendor secrets: each pulumi step gets exactly the providers' secret env names, from secrets of the same names", () => {
    const expected = Object.fromEntries(SECRET_ENV.map((n) => [n, `\${{ secrets.${n} }}`]));
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const steps = pulumiSteps(job);
      expect(steps.length, name).toBeGreaterThan(0);
      for (const step of steps) expect(step.env, `${name}: ${step.run}`).toEqual(expected);
      // Not the other steps (npm ci runs install scripts; gh only comments).
      for (const step of job.steps) if (!steps.includes(step)) expect(Object.keys(step.env ?? {}).filter((k) => SECRET_ENV.includes(k)), `${name}: ${step.run ?? step.uses}`).toEqual([]);
      expect(Object.keys(job.env ?? {}).filter((k) => SECRET_ENV.includes(k)), name).toEqual([]);
    }
    expect(Object.keys(workflow.env).filter((k) => SECRET_ENV.includes(k))).toEqual([]);
  });

  it("the GitHub environment of the jobs that change or refresh the stack is the stack's name", () => {
    expect(workflow.env.STACK).toBe("dev");
    for (const name of ["up", "drift"]) {
      const env = workflow.jobs[name].environment;
      expect(typeof env === "string" ? env : env?.name, name).toBe(workflow.env.STACK);
    }
    // A pull request's preview is not gated by the environment's reviewers.
    expect(workflow.jobs.preview.environment).toBeUndefined();
  });

  it("the backend comes from PULUMI_BACKEND_URL: pulumi/actions only installs the CLI, so its cloud-url would be ignored", () => {
    expect(workflow.env.PULUMI_BACKEND_URL).toBe("${{ secrets.PULUMI_BACKEND_URL }}");
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const action = job.steps.filter((s) => s.uses?.startsWith("pulumi/actions@"));
      expect(action, name).toHaveLength(1);
      expect(action[0].with, name).toBeUndefined();
    }
  });
});
