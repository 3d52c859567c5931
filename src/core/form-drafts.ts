// What a person typed into a form that came back with mistakes, kept for a while on the server so
// a platform that cannot keep its form open (Discord cannot answer a modal with a modal) can offer
// a button that reopens it filled in. Button ids are short: they carry the draft's key only.
import { randomBytes } from 'node:crypto';
import type { FormRequest } from './commands.ts';

/** A submitted form kept for reopening; only the person who typed it may take it back. */
export interface FormDraft extends FormRequest {
  owner: string;
}

/** Where drafts are kept. */
export interface FormDrafts {
  /** Keeps a draft; returns its key. */
  save(draft: FormDraft): Promise<string>;
  /** The draft under `key` if it belongs to `owner` and has not expired. */
  get(key: string, owner: string): Promise<FormDraft | null>;
}

/** Options of {@link MemoryDrafts}. */
export interface MemoryDraftsOptions {
  now: () => Date;
  /** How long a draft is kept (default one hour). */
  ttlMs?: number;
  /** Most drafts kept at once; the oldest go first (default 500). */
  max?: number;
}

/**
 * Drafts in the process's memory: a form's text is only kept for the hour a teacher needs to fix
 * it, and a restart forgets it (the button then says the form expired, and nothing was saved).
 */
export class MemoryDrafts implements FormDrafts {
  readonly #drafts = new Map<string, { draft: FormDraft; until: number }>();
  readonly #now: () => Date;
  readonly #ttl: number;
  readonly #max: number;

  constructor(options: MemoryDraftsOptions) {
    this.#now = options.now;
    this.#ttl = options.ttlMs ?? 3600_000;
    this.#max = options.max ?? 500;
  }

  async save(draft: FormDraft): Promise<string> {
    const now = this.#now().getTime();
    for (const [key, entry] of this.#drafts) if (entry.until <= now) this.#drafts.delete(key);
    while (this.#drafts.size >= this.#max) {
      const oldest = this.#drafts.keys().next().value;
      if (oldest === undefined) break;
      this.#drafts.delete(oldest);
    }
    const key = randomBytes(9).toString('base64url');
    this.#drafts.set(key, { draft, until: now + this.#ttl });
    return key;
  }

  async get(key: string, owner: string): Promise<FormDraft | null> {
    const entry = this.#drafts.get(key);
    if (!entry || entry.until <= this.#now().getTime() || entry.draft.owner !== owner) return null;
    return entry.draft;
  }
}
