import type { Company, Login, Organization, User, VspcState } from "./state";

export function organizationView(o: Organization) {
  return { ...o, type: "Company", countryName: o.country === 1 ? "USA" : null, regionName: null, locationAdmin0Code: null, locationAdmin1Code: null, locationAdmin2Code: null, veeamTenantId: null };
}

/** A company as the seed's example shows it; the owner's password is never returned. */
export function companyView(state: VspcState, c: Company, expand: boolean) {
  const org = state.organizations.get(c.organizationUid);
  return {
    instanceUid: c.instanceUid,
    name: org?.name ?? "",
    status: "Active",
    resellerUid: c.resellerUid,
    subscriptionPlanUid: c.subscriptionPlanUid,
    isRestAccessEnabled: c.isRestAccessEnabled,
    isAlarmDetectEnabled: c.isAlarmDetectEnabled,
    companyServices: c.companyServices,
    loginUrl: null,
    ownerCredentials: { userName: c.ownerCredentials.userName, password: null },
    ...(expand && org ? { _embedded: { organization: organizationView(org) } } : {}),
  };
}

/**
 * A user as Cenvora/veeam-spc `v3_6_1/models/user.py` (User) holds it: instanceUid, organizationUid,
 * userName, role, status, profile (`user_profile.py`), mfaPolicyStatus, mfaPolicyConfigurationStatus
 * (their defaults Disabled and NotConfigured); the credentials are not shown.
 */
export function userView(u: User) {
  return {
    instanceUid: u.instanceUid,
    organizationUid: u.organizationUid,
    userName: u.userName,
    role: u.role,
    status: u.status,
    profile: { firstName: null, lastName: null, title: "Unknown", email: null, address: null, phone: null },
    mfaPolicyStatus: "Disabled",
    mfaPolicyConfigurationStatus: "NotConfigured",
  };
}

/** A user login; `parameters` (the API key) only in the answer that created it. */
export function loginView(state: VspcState, l: Login, withKey: boolean) {
  const user = state.users.get(l.userUid);
  const org = user ? state.organizations.get(user.organizationUid) : undefined;
  return {
    id: l.id,
    userUid: l.userUid,
    userName: user?.userName ?? null,
    companyId: org ? user?.organizationUid : null,
    companyName: org?.name ?? null,
    identityProviderName: "AK",
    description: l.description,
    isReadAccessOnly: l.isReadAccessOnly,
    scopes: l.scopes,
    status: l.status,
    parameters: withKey ? l.key : null,
    identifierInProvider: 11217524525076510000 + l.id,
    creationDate: l.creationDate,
  };
}

/** The default `companyServices` of a new company, overlaid with what the request set. */
export function companyServicesWithDefaults(given: Record<string, unknown> | undefined): Record<string, unknown> {
  const remote = (given?.remoteServices ?? {}) as Record<string, unknown>;
  return {
    hostedServices: { isVbPublicCloudManagementEnabled: false, ...((given?.hostedServices ?? {}) as Record<string, unknown>) },
    remoteServices: {
      isBackupResourcesEnabled: false,
      vb365ServersManagement: null,
      isVbPublicCloudManagementEnabled: false,
      ...remote,
      backupAgentsManagement: { workstationAgentsQuota: null, serverAgentsQuota: null, ...((remote.backupAgentsManagement ?? {}) as Record<string, unknown>) },
      backupServersManagement: { backupServerQuota: null, ...((remote.backupServersManagement ?? {}) as Record<string, unknown>) },
    },
  };
}
