/**
 * Minimal multipart/form-data parser. discord.js (via @discordjs/rest and undici's FormData) switches to
 * multipart whenever files are attached: the JSON body goes into `payload_json` and files into `files[n]`.
 * Buffers are split by hand to avoid adding a dependency for test code.
 */

/** One part of a multipart body. `filename` is set for file parts only. */
export interface MultipartPart {
  name: string;
  filename: string | null;
  contentType: string | null;
  data: Buffer;
}

/** The boundary of a `multipart/form-data; boundary=...` content type, or null for other types. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (!contentType?.toLowerCase().startsWith('multipart/form-data')) return null;
  const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2] ?? '').trim() : null;
}

function headerParam(header: string, param: string): string | null {
  // `filename*=` (RFC 5987) is not produced by undici, so plain quoted params are enough.
  const match = new RegExp(`;\\s*${param}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(header);
  return match ? (match[1] ?? '').replace(/%22/g, '"').replace(/\\(.)/g, '$1') : null;
}

/** Splits a multipart body into its parts. Malformed parts are skipped rather than thrown on. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    // `--boundary--` closes the body.
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) break;
    // Each part sits between `--boundary\r\n` and `\r\n--boundary`.
    const raw = body.subarray(afterDelimiter + 2, next - 2);
    const headerEnd = raw.indexOf('\r\n\r\n');
    if (headerEnd !== -1) {
      const headers = raw.subarray(0, headerEnd).toString('utf8').split('\r\n');
      const disposition = headers.find((h) => h.toLowerCase().startsWith('content-disposition:')) ?? '';
      const type = headers.find((h) => h.toLowerCase().startsWith('content-type:'));
      const name = headerParam(disposition, 'name');
      if (name !== null) {
        parts.push({
          name,
          filename: headerParam(disposition, 'filename'),
          contentType: type ? type.slice(type.indexOf(':') + 1).trim() : null,
          data: Buffer.from(raw.subarray(headerEnd + 4)),
        });
      }
    }
    start = next;
  }
  return parts;
}
