/**
 * HTTP plumbing for the fake REST API: body parsing (JSON and multipart/form-data with
 * `payload_json` + files), a tiny route matcher and Discord-style response headers.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export interface UploadedFile {
  /** Form field name, e.g. `files[0]`. */
  field: string;
  /** File name as uploaded. */
  name: string;
  contentType: string;
  size: number;
  data: Buffer;
}

export interface ParsedBody {
  body: unknown;
  files: UploadedFile[];
  /** Set when the body could not be parsed (answered with 400 / code 50109). */
  error?: string;
}

const MAX_BODY_BYTES = 30 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

export async function parseBody(raw: Buffer, contentType: string | undefined): Promise<ParsedBody> {
  if (raw.length === 0) return { body: null, files: [] };
  const type = (contentType ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(raw, { headers: { 'content-type': contentType ?? '' } }).formData();
    } catch (error) {
      return { body: null, files: [], error: `invalid multipart body: ${String(error)}` };
    }
    let body: unknown = null;
    const files: UploadedFile[] = [];
    for (const [field, value] of form.entries()) {
      if (typeof value === 'string') {
        if (field === 'payload_json') {
          try {
            body = JSON.parse(value);
          } catch {
            return { body: null, files: [], error: 'payload_json is not valid JSON' };
          }
        }
        continue;
      }
      const data = Buffer.from(await value.arrayBuffer());
      files.push({ field, name: value.name, contentType: value.type, size: data.length, data });
    }
    return { body, files };
  }
  const text = raw.toString('utf8');
  if (type.startsWith('application/json') || /^\s*[[{]/.test(text)) {
    try {
      return { body: JSON.parse(text), files: [] };
    } catch {
      return { body: null, files: [], error: 'The request body contains invalid JSON.' };
    }
  }
  return { body: text, files: [] };
}

export interface CompiledRoute<H> {
  method: string;
  template: string;
  segments: string[];
  handler: H;
}

export function compileRoute<H>(method: string, template: string, handler: H): CompiledRoute<H> {
  return { method, template, segments: template.split('/').filter(Boolean), handler };
}

/** Decodes each path segment (discord.js sends `@original` as `%40original`, emojis encoded …). */
export function decodePath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/** Returns the route params when the (decoded) `path` matches the template (`:name` matches one segment). */
export function matchRoute(segments: string[], path: string): Record<string, string> | null {
  const parts = path.split('/').filter(Boolean);
  if (parts.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i] as string;
    const part = parts[i] as string;
    if (seg.startsWith(':')) {
      params[seg.slice(1)] = part;
    } else if (seg !== part) {
      return null;
    }
  }
  return params;
}

/** Minimal but valid rate-limit headers for a successful response (never exhausts the bucket). */
export function okRateLimitHeaders(method: string, template: string): Record<string, string> {
  const resetAfter = 5;
  return {
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '4',
    'x-ratelimit-reset': (Date.now() / 1000 + resetAfter).toFixed(3),
    'x-ratelimit-reset-after': resetAfter.toFixed(3),
    'x-ratelimit-bucket': bucketHash(method, template),
  };
}

/** Headers of a 429: `Retry-After` is sent with the exact (possibly fractional) value to keep tests fast. */
export function rateLimitedHeaders(
  method: string,
  template: string,
  retryAfter: number,
  global: boolean,
): Record<string, string> {
  const headers: Record<string, string> = {
    'retry-after': String(retryAfter),
    'x-ratelimit-scope': global ? 'global' : 'user',
  };
  if (global) {
    headers['x-ratelimit-global'] = 'true';
  } else {
    Object.assign(headers, {
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': (Date.now() / 1000 + retryAfter).toFixed(3),
      'x-ratelimit-reset-after': retryAfter.toFixed(3),
      'x-ratelimit-bucket': bucketHash(method, template),
    });
  }
  return headers;
}

function bucketHash(method: string, template: string): string {
  return createHash('md5').update(`${method} ${template}`).digest('hex');
}

export function headerRecord(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[key] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
