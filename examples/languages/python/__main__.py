"""A backup tenant from a Python program, through the backupinfra provider plugin.

An SPP-registered vCenter, a VSPC company with a read-only API key, and an SDP dedicated
hypervisor. The vendors' connections come from the stack config `backupinfra:*` (see the README);
the passwords are this program's own secret config.
"""

import pulumi
import pulumi_backupinfra as backupinfra
from pulumi_backupinfra import sdp, spp, vspc

config = pulumi.Config()

vcenter = spp.Hypervisor(
    "vcenter",
    host_address="vcenter01.example.com",
    type="vmware",
    username="administrator@vsphere.local",
    password=config.require_secret("vcenterPassword"),
)

tenant = vspc.Company(
    "tenant",
    organization=vspc.CompanyOrganizationArgs(name="acme-python", email="backup-ops@acme.example", city="Lisbon"),
    owner_user_name="acme-python-owner",
    owner_password=config.require_secret("ownerPassword"),
    company_services=vspc.CompanyServicesArgs(
        remote_services=vspc.CompanyServicesRemoteServicesArgs(
            is_backup_resources_enabled=True,
            backup_servers_management=vspc.CompanyServicesRemoteServicesBackupServersManagementArgs(backup_server_quota=2),
            backup_agents_management=vspc.CompanyServicesRemoteServicesBackupAgentsManagementArgs(server_agents_quota=10),
        ),
    ),
)

tenant_key = vspc.ApiKey(
    "tenantKey",
    user_uid=tenant.owner_user_uid,
    scopes=["rest"],
    is_read_access_only=True,
    description="acme-python monitoring",
)

esx = sdp.Server(
    "esx",
    name="acme-python-esx-01",
    admin_pass=config.require_secret("adminPass"),
    image_ref="b5660a6e-4b46-4be3-9707-6b47221b454f",
    flavor_ref="05184ba3-00ba-4fbc-b7a2-03b62b884931",
    networks=[
        sdp.ServerNetworksArgs(uuid="d32019d3-bc6e-4319-9c1d-6722fc136a22", segmentation_id=2001),
        sdp.ServerNetworksArgs(uuid="d32019d3-bc6e-4319-9c1d-6722fc136a23", segmentation_id=2002),
    ],
)

# A lookup is an invoke of the plugin.
license_types = sdp.get_license_types()

pulumi.export("hypervisorId", vcenter.id)
pulumi.export("companyUid", tenant.id)
pulumi.export("apiKey", tenant_key.api_key)
pulumi.export("serverId", esx.id)
pulumi.export("licenseTypeCount", len(license_types.license_types))
pulumi.export("sdk", backupinfra.__name__)
