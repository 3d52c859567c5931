// One HTML escaper for every page the bot serves (the dashboard, the sandbox, the unsubscribe page),
// so a fix to what is escaped reaches all of them at once.

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => escapes[c] as string);
}
