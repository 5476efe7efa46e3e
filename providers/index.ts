export { SppHypervisor, type SppHypervisorArgs, type SppConnectionArgs, type TimeoutsArgs } from "./spp/hypervisor";
