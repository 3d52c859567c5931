// The platform contract on the sandbox: its inbound layer and message log, with no network.
import { platformContract } from './platform-contract.ts';
import { makeSandboxDriver } from './sandbox-driver.ts';

platformContract('sandbox', makeSandboxDriver);
