import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** What the fake does with the next chat completion request. */
export type Behaviour =
  /** 200 with `content` as the assistant message (a string as is, anything else JSON-encoded). */
  | { kind: 'answer'; content: unknown; finishReason?: 'stop' | 'length' }
  /** An HTTP error with an OpenAI-style error body. */
  | { kind: 'status'; status: number; message?: string; headers?: Record<string, string>; param?: string }
  /** A 200 whose body is not JSON at all (a broken proxy). */
  | { kind: 'garbage'; body: string }
  /** Waits, then does `then`; the client may have given up by then. */
  | { kind: 'delay'; ms: number; then: Behaviour };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (model, messages, response_format, temperature …). */
  body: {
    model?: string;
    messages?: Array<{ role: string; content: string }>;
    response_format?: { type: string };
    temperature?: number;
    [key: string]: unknown;
  };
}

export interface FakeOpenAi {
  /** Base URL to give the client, ending in /v1 (as OPENAI_BASE_URL would). */
  url: string;
  requests: RecordedRequest[];
  /** Queues behaviours, one per request, in order. An empty queue answers 500 "nothing queued". */
  enqueue(...behaviours: Behaviour[]): void;
  /** Forgets queued behaviours and recorded requests (between tests). */
  reset(): void;
  close(): Promise<void>;
}

/** Helpers for the common behaviours. */
export const reply = {
  json: (value: unknown): Behaviour => ({ kind: 'answer', content: value }),
  text: (content: string): Behaviour => ({ kind: 'answer', content }),
  variants: (...texts: Array<string | { text: string; changes?: string }>): Behaviour => ({
    kind: 'answer',
    content: { variants: texts.map((t) => (typeof t === 'string' ? { text: t, changes: 'rewritten' } : { changes: 'rewritten', ...t })) },
  }),
  status: (status: number, opts: { message?: string; headers?: Record<string, string>; param?: string } = {}): Behaviour => ({ kind: 'status', status, ...opts }),
  rateLimited: (retryAfterSeconds = 0): Behaviour => ({ kind: 'status', status: 429, message: 'Rate limit reached', headers: { 'retry-after': String(retryAfterSeconds) } }),
  delay: (ms: number, then: Behaviour): Behaviour => ({ kind: 'delay', ms, then }),
};

const ERROR_TYPES: Record<number, string> = { 400: 'invalid_request_error', 401: 'invalid_api_key', 403: 'permission_denied', 404: 'not_found_error', 429: 'rate_limit_exceeded', 500: 'server_error' };

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.destroyed || res.writableEnded) return;
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

/**
 * A real HTTP server on 127.0.0.1 (random port) that speaks enough of the OpenAI chat
 * completions API for the unmodified openai client: POST /v1/chat/completions. Every request is
 * recorded; each is answered by the next queued behaviour.
 */
export async function startFakeOpenAi(): Promise<FakeOpenAi> {
  const queue: Behaviour[] = [];
  const requests: RecordedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const sockets = new Set<Socket>();
  let counter = 0;

  const act = (b: Behaviour, req: RecordedRequest, res: ServerResponse): void => {
    switch (b.kind) {
      case 'delay': {
        const t = setTimeout(() => {
          timers.delete(t);
          act(b.then, req, res);
        }, b.ms);
        timers.add(t);
        return;
      }
      case 'garbage':
        send(res, 200, b.body);
        return;
      case 'status':
        send(
          res,
          b.status,
          JSON.stringify({ error: { message: b.message ?? `fake error ${b.status}`, type: ERROR_TYPES[b.status] ?? 'server_error', param: b.param ?? null, code: null } }),
          // why: tell the client when not to retry, as OpenAI does, so 400/401 fail at once
          { ...(b.status < 500 && b.status !== 429 && b.status !== 408 ? { 'x-should-retry': 'false' } : {}), ...b.headers },
        );
        return;
      case 'answer': {
        const content = typeof b.content === 'string' ? b.content : JSON.stringify(b.content);
        const prompt = (req.body.messages ?? []).reduce((n, m) => n + String(m.content).length, 0);
        send(
          res,
          200,
          JSON.stringify({
            id: `chatcmpl-fake-${++counter}`,
            object: 'chat.completion',
            created: 1_700_000_000 + counter,
            model: req.body.model ?? 'fake-model',
            choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: b.finishReason ?? 'stop' }],
            usage: { prompt_tokens: Math.ceil(prompt / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: Math.ceil(prompt / 4) + Math.ceil(content.length / 4) },
          }),
        );
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
        send(res, 404, JSON.stringify({ error: { message: `no route ${req.method} ${req.url}`, type: 'not_found_error' } }));
        return;
      }
      let body: RecordedRequest['body'];
      try {
        body = JSON.parse(raw) as RecordedRequest['body'];
      } catch {
        send(res, 400, JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
        return;
      }
      const recorded: RecordedRequest = { method: req.method, path: req.url, headers: req.headers, body };
      requests.push(recorded);
      if (typeof body.model !== 'string' || !Array.isArray(body.messages)) {
        send(res, 400, JSON.stringify({ error: { message: 'model and messages are required', type: 'invalid_request_error' } }), { 'x-should-retry': 'false' });
        return;
      }
      act(queue.shift() ?? { kind: 'status', status: 500, message: 'fake: nothing queued for this request' }, recorded, res);
    });
  });
  // why: fetch pools connections across tests; a server that closes an idle socket after Node's
  // default 5 s races the next request on it (ECONNRESET) when a slow test sits between two calls
  server.keepAliveTimeout = 0;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    enqueue: (...b) => void queue.push(...b),
    reset: () => {
      queue.length = 0;
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
