// The platform contract on Slack: the real @slack/bolt App in HTTP mode, mounted on the bot's own
// HTTP server, against the in-process fake Slack (signed requests in, recorded Web API calls out).
import { differentiationContract } from './differentiation-contract.ts';
import { formContract } from './form-contract.ts';
import { pathContract } from './path-contract.ts';
import { platformContract } from './platform-contract.ts';
import { privacyContract } from './privacy-contract.ts';
import { reviewContract } from './review-contract.ts';
import { makeSlackDriver } from './slack-driver.ts';
import { trustContract } from './trust-contract.ts';

platformContract('slack', () => makeSlackDriver());
formContract('slack', () => makeSlackDriver());
trustContract('slack', () => makeSlackDriver());
privacyContract(
  'slack',
  () => makeSlackDriver(),
  (driver) =>
    driver.fake.handleMethod('users.list', (_args, { state }) => ({
      ok: true,
      members: [...state.users.values()].map((u) => ({
        id: u.id,
        name: u.name,
        real_name: u.realName,
        profile: { display_name: u.displayName },
      })),
      response_metadata: { next_cursor: '' },
    })),
);
differentiationContract('slack', () => makeSlackDriver());
reviewContract('slack', () => makeSlackDriver());
pathContract('slack', () => makeSlackDriver());
