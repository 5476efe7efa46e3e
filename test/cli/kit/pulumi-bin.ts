export { pulumiBinDir } from "../../../harness/pulumi-bin";
