// The platform contract on the sandbox: members act through the sandbox's inbound layer (what its
// HTTP routes call: typed command lines, presses on logged messages, submitted dialogs) and what they
// see is read from its message log and its live events.
import type { Card } from '../../src/core/card.ts';
import { ManualClock } from '../../src/core/clock.ts';
import type { Dispatcher } from '../../src/core/dispatcher.ts';
import { type SandboxMember, SandboxPlatform } from '../../src/platforms/sandbox/gateway.ts';
import { runAction, runCommand, submitForm, suggest } from '../../src/platforms/sandbox/inbound.ts';
import type { SandboxMessage } from '../../src/platforms/sandbox/message-log.ts';
import {
  type ContractDriver,
  type ContractUser,
  contractUsers,
  type ObservedMessage,
  type OpenedForm,
  platformContract,
} from './platform-contract.ts';
import { privacyContract } from './privacy-contract.ts';

const WORKSPACE = 'school';
const CHANNEL = 'class-4b';

function observe(message: SandboxMessage): ObservedMessage {
  const card: Card = message.card ?? {};
  const observed: ObservedMessage = {
    ref: { platform: 'sandbox', channelId: message.channelId, messageId: message.id },
    text: [card.text ?? '', ...(card.fields ?? []).map((f) => `${f.label}\n${f.value}`), card.footer ?? '']
      .filter(Boolean)
      .join('\n'),
    buttons: [],
    links: [],
    selects: [],
  };
  if (card.title) observed.title = card.title;
  for (const control of (card.controls ?? []).flat()) {
    if (control.kind === 'button')
      observed.buttons.push({ label: control.label, action: control.action, args: control.args });
    else if (control.kind === 'link') observed.links.push({ label: control.label, url: control.url });
    else
      observed.selects.push({
        action: control.action,
        args: control.args,
        placeholder: control.placeholder,
        options: control.options,
      });
  }
  return observed;
}

/** Sandbox command lines quote every value, as a teacher typing them would. */
function line(command: string, args: Record<string, string | number | boolean>): string {
  const parts = Object.entries(args).map(([name, value]) => `${name}:"${String(value)}"`);
  return `/${[command, ...parts].join(' ')}`;
}

async function makeSandboxDriver(): Promise<ContractDriver> {
  const members: SandboxMember[] = Object.values(contractUsers).map((u) => ({
    id: u.id,
    name: u.name,
    role: u === contractUsers.teacher ? 'teacher' : 'student',
    locale: u.locale,
  }));
  const sandbox = new SandboxPlatform({
    workspaceId: WORKSPACE,
    channelId: CHANNEL,
    members,
    clock: new ManualClock(),
  });
  const forms = new Map<string, OpenedForm[]>();
  let dispatcher: Dispatcher | null = null;
  const who = (user: ContractUser) => {
    const member = sandbox.member(user.id);
    if (!member || !dispatcher) throw new Error(`unknown member ${user.id} or not started`);
    return { member, locale: dispatcher.i18n.match(user.locale) ?? dispatcher.i18n.fallback };
  };
  const started = () => {
    if (!dispatcher) throw new Error('not started');
    return dispatcher;
  };
  const messageOf = (id: string | undefined, user: ContractUser, action: string) => {
    if (id) return id;
    // Without a ref, the latest message the member sees that carries this action.
    const all = [...sandbox.log.channel(() => true), ...sandbox.log.privateOf(user.id)];
    const found = all
      .reverse()
      .find((m) => (m.card?.controls ?? []).flat().some((c) => 'action' in c && c.action === action));
    if (!found) throw new Error(`no message with ${action}`);
    return found.id;
  };
  return {
    platform: sandbox,
    place: { workspaceId: WORKSPACE, channelId: CHANNEL },
    async start(d) {
      dispatcher = d;
      await sandbox.start(d);
      for (const member of members) {
        sandbox.subscribe({
          memberId: member.id,
          send(event) {
            if (event.type !== 'form') return;
            const list = forms.get(member.id) ?? [];
            list.push({
              form: event.form.form,
              state: event.form.state,
              fields: event.form.fields.map((f) => f.id),
            });
            forms.set(member.id, list);
          },
          close() {},
        });
      }
    },
    stop: () => sandbox.stop(),
    command: (user, command, args = {}) => runCommand(sandbox, started(), who(user), line(command, args)),
    click: (user, control, message) =>
      runAction(sandbox, started(), who(user), {
        messageId: messageOf(message?.messageId, user, control.action),
        action: control.action,
        args: control.args,
      }),
    select: (user, control, value, message) =>
      runAction(sandbox, started(), who(user), {
        messageId: messageOf(message?.messageId, user, control.action),
        action: control.action,
        args: control.args,
        value,
      }),
    submitForm: (user, form, values) =>
      submitForm(sandbox, started(), who(user), { form: form.form, state: form.state, values }),
    async autocomplete(user, command, option, partial) {
      return suggest(sandbox, started(), who(user), { command, option, partial });
    },
    async channelMessages() {
      return sandbox.log.channel((id) => id === CHANNEL).map(observe);
    },
    async privateMessagesTo(userId) {
      return sandbox.log
        .privateOf(userId)
        .filter((m) => m.kind === 'ephemeral')
        .map(observe);
    },
    async directMessagesTo(userId) {
      return sandbox.log
        .privateOf(userId)
        .filter((m) => m.kind === 'direct')
        .map(observe);
    },
    async formsOpenedFor(userId) {
      return forms.get(userId) ?? [];
    },
    async closeDms(userId) {
      sandbox.setDirectMessagesOpen(userId, false);
    },
  };
}

platformContract('sandbox', makeSandboxDriver);
privacyContract('sandbox', makeSandboxDriver);
