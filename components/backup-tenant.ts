import * as pulumi from "@pulumi/pulumi";
import { VspcApiKey } from "../providers/vspc/api-key";
import { VspcCompany, type VspcCompanyServicesArgs, type VspcOrganizationArgs } from "../providers/vspc/company";

export interface BackupTenantArgs {
  /** The company's organization record (VspcCompany.organization). */
  organization: pulumi.Input<VspcOrganizationArgs>;
  /** The owner's login name (VspcCompany.ownerUserName). Replaces the company on change. */
  ownerUserName: pulumi.Input<string>;
  /** Secret. */
  ownerPassword: pulumi.Input<string>;
  /** The subscription plan (UID) billed to the company. */
  subscriptionPlanUid?: pulumi.Input<string>;
  /** The company's hosted and remote services and quotas (VspcCompany.companyServices). */
  companyServices?: pulumi.Input<VspcCompanyServicesArgs>;
  /** The VSPC portal, e.g. https://vspc.example.com:1280; default: the `vspc:url` config's origin. */
  portalUrl?: pulumi.Input<string>;
}

/** A VSPC company plus a read-only, REST-scoped API key for its owner. */
export class BackupTenant extends pulumi.ComponentResource {
  /** The VSPC company. */
  readonly company: VspcCompany;
  /** The owner's read-only, REST-scoped API key resource. */
  readonly apiKey: VspcApiKey;
  /** The company's UID. */
  readonly companyUid: pulumi.Output<string>;
  /** The VSPC portal the tenant logs in at: portalUrl, else the origin of `vspc:url`. */
  readonly portalUrl: pulumi.Output<string>;
  /** The owner's API key (secret). */
  readonly ownerApiKey: pulumi.Output<string>;

  constructor(name: string, args: BackupTenantArgs, opts?: pulumi.ComponentResourceOptions) {
    super("backupinfra:index:BackupTenant", name, {}, opts);
    this.company = new VspcCompany(`${name}-company`, {
      organization: args.organization,
      ownerUserName: args.ownerUserName,
      ownerPassword: args.ownerPassword,
      subscriptionPlanUid: args.subscriptionPlanUid,
      companyServices: args.companyServices,
    }, { parent: this });
    this.apiKey = new VspcApiKey(`${name}-owner-key`, {
      userUid: this.company.ownerUserUid,
      description: pulumi.interpolate`read-only REST key of ${args.ownerUserName}`,
      scopes: ["rest"],
      isReadAccessOnly: true,
    }, { parent: this });
    this.companyUid = this.company.id;
    const configured = new pulumi.Config("vspc").get("url");
    this.portalUrl = pulumi.output(args.portalUrl ?? (configured ? new URL(configured).origin : "")).apply((u) => u);
    this.ownerApiKey = pulumi.secret(this.apiKey.apiKey);
    this.registerOutputs({ companyUid: this.companyUid, portalUrl: this.portalUrl, ownerApiKey: this.ownerApiKey });
  }
}
