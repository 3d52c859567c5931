// The platform contract on Slack: the real @slack/bolt App in HTTP mode, mounted on the bot's own
// HTTP server, against the in-process fake Slack (signed requests in, recorded Web API calls out).
import { formContract } from './form-contract.ts';
import { platformContract } from './platform-contract.ts';
import { makeSlackDriver } from './slack-driver.ts';
import { trustContract } from './trust-contract.ts';

platformContract('slack', () => makeSlackDriver());
formContract('slack', () => makeSlackDriver());
trustContract('slack', () => makeSlackDriver());
