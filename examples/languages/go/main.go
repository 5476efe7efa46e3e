// A backup tenant from a Go program, through the backupinfra provider plugin: an SPP-registered
// vCenter, a VSPC company with a read-only API key, and an SDP dedicated hypervisor. The vendors'
// connections come from the stack config `backupinfra:*` (see the README); the passwords are this
// program's own secret config. The SDK is generated into ./sdk (`pulumi package gen-sdk`).
package main

import (
	"backupinfra.local/sdk/go/backupinfra/sdp"
	"backupinfra.local/sdk/go/backupinfra/spp"
	"backupinfra.local/sdk/go/backupinfra/vspc"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")

		vcenter, err := spp.NewHypervisor(ctx, "vcenter", &spp.HypervisorArgs{
			HostAddress: pulumi.String("vcenter01.example.com"),
			Type:        pulumi.String("vmware"),
			Username:    pulumi.String("administrator@vsphere.local"),
			Password:    cfg.RequireSecret("vcenterPassword"),
		})
		if err != nil {
			return err
		}

		tenant, err := vspc.NewCompany(ctx, "tenant", &vspc.CompanyArgs{
			Organization: &vspc.CompanyOrganizationArgs{
				Name:  pulumi.String("acme-go"),
				Email: pulumi.String("backup-ops@acme.example"),
				City:  pulumi.String("Lisbon"),
			},
			OwnerUserName: pulumi.String("acme-go-owner"),
			OwnerPassword: cfg.RequireSecret("ownerPassword"),
			CompanyServices: &vspc.CompanyServicesArgs{
				RemoteServices: &vspc.CompanyServicesRemoteServicesArgs{
					IsBackupResourcesEnabled: pulumi.Bool(true),
					BackupServersManagement:  &vspc.CompanyServicesRemoteServicesBackupServersManagementArgs{BackupServerQuota: pulumi.Int(2)},
					BackupAgentsManagement:   &vspc.CompanyServicesRemoteServicesBackupAgentsManagementArgs{ServerAgentsQuota: pulumi.Int(10)},
				},
			},
		})
		if err != nil {
			return err
		}

		key, err := vspc.NewApiKey(ctx, "tenantKey", &vspc.ApiKeyArgs{
			UserUid:          tenant.OwnerUserUid.Elem(),
			Scopes:           pulumi.StringArray{pulumi.String("rest")},
			IsReadAccessOnly: pulumi.Bool(true),
			Description:      pulumi.String("acme-go monitoring"),
		})
		if err != nil {
			return err
		}

		esx, err := sdp.NewServer(ctx, "esx", &sdp.ServerArgs{
			Name:      pulumi.String("acme-go-esx-01"),
			AdminPass: cfg.RequireSecret("adminPass"),
			ImageRef:  pulumi.String("b5660a6e-4b46-4be3-9707-6b47221b454f"),
			FlavorRef: pulumi.String("05184ba3-00ba-4fbc-b7a2-03b62b884931"),
			Networks: sdp.ServerNetworksArray{
				sdp.ServerNetworksArgs{Uuid: pulumi.String("d32019d3-bc6e-4319-9c1d-6722fc136a22"), SegmentationId: pulumi.Int(2001)},
				sdp.ServerNetworksArgs{Uuid: pulumi.String("d32019d3-bc6e-4319-9c1d-6722fc136a23"), SegmentationId: pulumi.Int(2002)},
			},
		})
		if err != nil {
			return err
		}

		// A lookup is an invoke of the plugin.
		types, err := sdp.GetLicenseTypes(ctx, &sdp.GetLicenseTypesArgs{})
		if err != nil {
			return err
		}

		ctx.Export("hypervisorId", vcenter.ID())
		ctx.Export("companyUid", tenant.ID())
		ctx.Export("apiKey", key.ApiKey)
		ctx.Export("serverId", esx.ID())
		ctx.Export("licenseTypeCount", pulumi.Int(len(types.LicenseTypes)))
		return nil
	})
}
