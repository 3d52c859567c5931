// The page's strings: the server's `web` namespace for one language, with {{name}} interpolation
// and _one/_other plurals, as i18next reads the same files on the server.

let strings = {};
let lang = document.documentElement.lang || 'fr';
let plural = new Intl.PluralRules(lang);

/** Loads the dictionary of a language. */
export async function loadLanguage(next) {
  const res = await fetch(`/sandbox/i18n/${encodeURIComponent(next)}.json`);
  if (!res.ok) throw new Error(`no translations for ${next}`);
  strings = await res.json();
  lang = next;
  plural = new Intl.PluralRules(lang);
  document.documentElement.lang = lang;
}

export function currentLanguage() {
  return lang;
}

function lookup(key) {
  let node = strings;
  for (const part of key.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = node[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Translates `section.key`, falling back to the key itself so a gap is visible, not blank. */
export function t(key, params = {}) {
  let text;
  if (typeof params.count === 'number')
    text = lookup(`${key}_${plural.select(params.count)}`) ?? lookup(`${key}_other`);
  text ??= lookup(key) ?? key;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name) =>
    params[name] === undefined ? '' : String(params[name]),
  );
}

/** Fills every element marked data-i18n (text) or data-i18n-<attr> (attributes). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const attr of ['placeholder', 'title', 'aria-label']) {
    const data = `i18n${attr.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`;
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) el.setAttribute(attr, t(el.dataset[data]));
  }
}

/** A date in the page's language and the class's time zone: `long` with the weekday, `short` compact. */
export function formatTime(iso, timeZone, style = 'long') {
  const options =
    style === 'short'
      ? { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', timeZone }
      : { weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit', timeZone };
  return new Intl.DateTimeFormat(lang, options).format(new Date(iso));
}
