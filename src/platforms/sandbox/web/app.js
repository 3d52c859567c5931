// The sandbox page: who you are, the class channel, your private panel, the composer, dialogs and
// the clock bar, kept live by the member's event stream.
import { get, openStream, post } from './api.js';
import { setupClock } from './clock.js';
import { setupComposer } from './composer.js';
import { openFormDialog } from './dialog.js';
import { currentLanguage, loadLanguage, t, translatePage } from './i18n.js';
import { renderMessage } from './render.js';

const $ = (id) => document.getElementById(id);
const page = {
  member: null,
  locale: null,
  languageChosen: false,
  state: null,
  closeStream: null,
};

const params = () => ({ member: page.member, locale: currentLanguage() });

let bannerTimer;
function showError(error) {
  const banner = $('banner');
  banner.textContent = t('page.failed', { message: error.message });
  banner.hidden = false;
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => {
    banner.hidden = true;
  }, 10_000);
}

const clock = setupClock({
  time: $('clock-time'),
  note: $('clock-note'),
  buttons: [...document.querySelectorAll('[data-jump]')],
  onError: showError,
  onMoved: () => {},
});

async function onAction(message, input, control) {
  control.disabled = true;
  try {
    await post('/sandbox/action', { ...params(), messageId: message.id, ...input });
  } catch (error) {
    showError(error);
  } finally {
    control.disabled = false;
    if (control.tagName === 'SELECT') control.selectedIndex = 0;
  }
}

const context = () => ({ onAction, timeZone: clock.timeZone(), mainChannel: page.state?.channel.id });

/** Adds or replaces one entry, keeping the view scrolled to the newest when it was there. */
function place(message) {
  const isChannel = message.kind === 'channel';
  const list = $(isChannel ? 'message-list' : 'private-list');
  const scroller = $(isChannel ? 'channel-scroller' : 'private-scroller');
  const atEnd = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
  const node = renderMessage(message, context());
  const old = list.querySelector(`[data-message-id="${CSS.escape(message.id)}"]`);
  if (old) old.replaceWith(node);
  else list.append(node);
  $(isChannel ? 'channel-empty' : 'private-empty').hidden = true;
  if (atEnd && !old) scroller.scrollTop = scroller.scrollHeight;
}

function renderAll() {
  const { state } = page;
  $('class-name').textContent = state.className ?? '';
  $('channel-name').textContent = `#${state.channel.name}`;
  $('private-hint').textContent = t('page.privateHint', { name: state.member.name });
  $('message-list').replaceChildren();
  $('private-list').replaceChildren();
  $('channel-empty').hidden = state.messages.length > 0;
  $('private-empty').hidden = state.private.length > 0;
  for (const message of [...state.messages, ...state.private]) place(message);
  for (const id of ['channel-scroller', 'private-scroller']) $(id).scrollTop = $(id).scrollHeight;
  const memberPicker = $('member-picker');
  memberPicker.replaceChildren(
    ...state.members.map(
      (m) => new Option(`${m.name} · ${t(`page.${m.role}`)}`, m.id, false, m.id === page.member),
    ),
  );
  const languagePicker = $('language-picker');
  languagePicker.replaceChildren(
    ...state.languages.map((code) => {
      const name = new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code;
      return new Option(
        name.charAt(0).toUpperCase() + name.slice(1),
        code,
        false,
        code === currentLanguage(),
      );
    }),
  );
}

async function loadState() {
  page.state = await get('/sandbox/state', params());
  clock.set(page.state.clock);
  renderAll();
}

const setCatalogue = setupComposer({
  form: $('composer'),
  input: $('composer-input'),
  list: $('suggestions'),
  hints: $('option-hints'),
  context: params,
  onSend: async (text) => {
    try {
      await post('/sandbox/command', { ...params(), text });
    } catch (error) {
      showError(error);
    }
    await clock.refresh();
  },
});

async function applyLanguage(lang) {
  await loadLanguage(lang);
  translatePage();
  document.title = `${t('page.title')}`;
  const { commands } = await get('/sandbox/catalogue', { locale: lang });
  setCatalogue(commands);
  clock.render();
}

function connect() {
  page.closeStream?.();
  page.closeStream = openStream(page.member, {
    ready: async () => {
      $('banner').hidden = true;
      await loadState().catch(showError);
      await clock.refresh();
    },
    message: ({ message }) => place(message),
    update: ({ message }) => place(message),
    form: ({ form }) =>
      openFormDialog($('form-dialog'), form, (values) =>
        post('/sandbox/form', { ...params(), form: form.form, state: form.state, values }),
      ),
    clock: ({ clock: next }) => {
      clock.set(next);
      void clock.refresh();
    },
    error: () => showError(new Error(t('page.connectionLost'))),
  });
}

/** Acts as another member: their language (unless one was chosen), their view, their stream. */
async function become(memberId) {
  page.member = memberId;
  localStorage.setItem('inverso.sandbox.member', memberId);
  const url = new URL(location.href);
  url.searchParams.set('member', memberId);
  history.replaceState(null, '', url);
  const member = page.state?.members.find((m) => m.id === memberId);
  if (member && !page.languageChosen) await applyLanguage(member.locale);
  connect();
}

async function boot() {
  const wanted =
    new URLSearchParams(location.search).get('member') ?? localStorage.getItem('inverso.sandbox.member');
  let first = await get('/sandbox/state', wanted ? { member: wanted } : {}).catch(() => null);
  first ??= await get('/sandbox/state');
  page.state = first;
  await applyLanguage(first.locale);
  document.body.classList.remove('loading');
  await become(first.member.id);
}

$('member-picker').addEventListener('change', (event) => {
  page.languageChosen = false;
  void become(event.target.value).catch(showError);
});
$('language-picker').addEventListener('change', async (event) => {
  page.languageChosen = true;
  try {
    await applyLanguage(event.target.value);
    renderAll();
  } catch (error) {
    showError(error);
  }
});

boot().catch(showError);
