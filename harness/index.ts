export { startProviderHost, ProviderRpcError, type ProviderHost, type ProviderHostOptions, type CheckResult, type DiffResult, type InitFailed } from "./host";
export { ProgramEngine, unwrapSecrets, type ProviderRpc, type StateResource, type UpResult, type StepOp } from "./program";
export { captureRegistrations, type Registration } from "./capture";
export { startPolicyPack, type PolicyPackHost, type AnalyzerResourceInput, type Diagnostic } from "./analyzer";
