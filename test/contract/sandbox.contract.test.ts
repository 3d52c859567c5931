// The platform contract and the form contract on the sandbox: its inbound layer and message log, with no network.
import { differentiationContract } from './differentiation-contract.ts';
import { formContract } from './form-contract.ts';
import { pathContract } from './path-contract.ts';
import { platformContract } from './platform-contract.ts';
import { privacyContract } from './privacy-contract.ts';
import { reviewContract } from './review-contract.ts';
import { makeSandboxDriver } from './sandbox-driver.ts';
import { trustContract } from './trust-contract.ts';

platformContract('sandbox', makeSandboxDriver);
formContract('sandbox', makeSandboxDriver);
trustContract('sandbox', makeSandboxDriver);
privacyContract('sandbox', makeSandboxDriver);
differentiationContract('sandbox', makeSandboxDriver);
reviewContract('sandbox', makeSandboxDriver);
pathContract('sandbox', makeSandboxDriver);
