// Tokens at rest: AES-256-GCM with a key derived (HKDF-SHA256) from APP_SECRET, so a copy of the
// database alone gives no Slack token. Every bot sharing the database derives the same key.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/** Encrypts and decrypts short texts (an installation's JSON) with one derived key. */
export interface SealedBox {
  seal(plain: string): string;
  /** Throws when the text was not sealed with this key (another APP_SECRET) or was altered. */
  open(sealed: string): string;
}

/** A box whose key is derived from the application secret for one purpose. */
export function sealedBox(appSecret: string, purpose = 'slack-installations'): SealedBox {
  const key = Buffer.from(hkdfSync('sha256', appSecret, 'inverso', `inverso ${purpose} v1`, 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
    },
    open(sealed) {
      const [version, data = ''] = sealed.split('.');
      if (version !== VERSION) throw new Error('sealed text of an unknown version');
      const raw = Buffer.from(data, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}
