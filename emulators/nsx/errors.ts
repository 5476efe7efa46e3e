/**
 * NSX's error bodies. Field names from NSX-T's ApiError / RelatedApiError schema (error_code
 * integer, error_message, module_name; details, error_data and related_errors are optional and left
 * out); `httpStatus`, the status's name, is not in the schema but in NSX's own answers: VMware's NSX
 * guide ("Check the Realized State of an IPSec VPN Session") shows {"httpStatus": "BAD_REQUEST",
 * "error_code": 110199, "module_name": "VPN", "error_message": …}. NSX's error reference
 * (all_errors.html) gives only the statuses and "Additional information about the error, if
 * available"; the bodies below are JSON because the answers quoted here are.
 */
export interface NsxApiError {
  httpStatus?: string;
  error_code: number;
  module_name: string;
  error_message: string;
}

const apiError = (httpStatus: string, error_code: number, module_name: string, error_message: string): NsxApiError => ({ httpStatus, error_code, module_name, error_message });

export const NSX_ERRORS = {
  // 403 for wrong or missing credentials, word for word as vmware-tanzu/nsx-operator
  // pkg/nsx/endpoint_test.go has NSX answer a rejected login (no httpStatus there).
  rejectedCredentials: (): NsxApiError => ({ module_name: "common-services", error_message: "The credentials were incorrect or the account specified has been locked.", error_code: 403 }),
  // 400: group_id is required (VmGroupExecutionDetailsSpec, seed l.35: "required": true). The
  // message, code 255 and module are NSX's field validation as commonly reported: unconfirmed.
  groupIdMissing: (): NsxApiError => apiError("BAD_REQUEST", 255, "common-services", "Field level validation errors: {required property group_id is missing}"),
  // 400 for a cursor this group never handed out: shape as above, message and code unconfirmed.
  invalidCursor: (cursor: string): NsxApiError => apiError("BAD_REQUEST", 255, "common-services", `Invalid cursor ${cursor}.`),
  // 404: NSX's not-found answer (error_code 600, common-services, "Object identifiers are case
  // sensitive"), as VMware's NSX guide (IPSec realized state) and NSX clients' checks quote it.
  // That this endpoint answers an unknown group so is unconfirmed.
  notFound: (id: string): NsxApiError => apiError("NOT_FOUND", 600, "common-services", `The requested object : ${id} could not be found. Object identifiers are case sensitive.`),
  // 400 while the coordinator works, word for word as sapcc/networking-nsx-t quotes a
  // migration-coordinator answer (networking_nsxv3/plugins/ml2/drivers/nsxv3/agent, MP-to-Policy provider).
  busy: (): NsxApiError => apiError("BAD_REQUEST", 30722, "migration-coordinator", "Migration coordinator backend is busy. Please try again after some time."),
  // 500 and 503: statuses from NSX's error reference; code and message unconfirmed.
  internal: (): NsxApiError => apiError("INTERNAL_SERVER_ERROR", 500, "migration-coordinator", "Internal server error while reading the VM group execution details."),
  unavailable: (): NsxApiError => apiError("SERVICE_UNAVAILABLE", 503, "migration-coordinator", "The migration coordinator service is not running."),
} as const;
