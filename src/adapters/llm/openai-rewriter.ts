import OpenAI, {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  BadRequestError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { z } from 'zod';
import { LlmError, type ChatMessage, type Log, type Rewriter, type RewriteVariant } from '../../app/ports.ts';
import type { AppConfig } from '../config.ts';

export interface OpenAiRewriterOptions {
  /** Absent for local servers that need none; the client still wants a value, so a placeholder goes out. */
  apiKey?: string;
  /** OpenAI's own API when absent. */
  baseUrl?: string;
  model: string;
  timeoutMs: number;
  maxRetries: number;
  /** For rewrites; answers to questions use a lower one. Default 0.7. */
  temperature?: number;
  log?: Log;
  /** Injectable for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

const DEFAULT_BASE_URL = 'https://api.openai.com/v1';

// why: lenient about extra keys and a missing "changes"; strict about what we show (text length)
const Variant = z.union([
  z.string().trim().min(1).max(25_000).transform((text): RewriteVariant => ({ text, changes: '' })),
  z.object({ text: z.string().trim().min(1).max(25_000), changes: z.string().max(2_000).catch('') }),
]);
const RewriteAnswer = z.union([
  z.object({ variants: z.array(z.unknown()).min(1) }),
  z.array(z.unknown()).min(1).transform((variants) => ({ variants })),
]);

/** Models often wrap JSON in ```json fences or a sentence; take the outermost JSON value. */
export function extractJson(content: string): unknown {
  let text = content.trim();
  const fenced = text.match(/^```[a-zA-Z]*\s*\n?([\s\S]*?)\n?\s*```$/);
  if (fenced) text = fenced[1]!.trim();
  try {
    return JSON.parse(text);
  } catch {
    const start = text.search(/[[{]/);
    const end = Math.max(text.lastIndexOf('}'), text.lastIndexOf(']'));
    if (start < 0 || end <= start) throw new LlmError('bad_answer', 'the answer contains no JSON');
    try {
      return JSON.parse(text.slice(start, end + 1));
    } catch (err) {
      throw new LlmError('bad_answer', `the answer is not valid JSON (${(err as Error).message})`, { cause: err });
    }
  }
}

/**
 * Parses a rewrite answer: `{ variants: [{ text, changes }] }` (a bare array or plain strings are
 * accepted too). Unusable items are skipped; no usable item at all is a bad answer.
 */
export function parseRewriteAnswer(content: string): { variants: RewriteVariant[] } {
  const shape = RewriteAnswer.safeParse(extractJson(content));
  if (!shape.success) throw new LlmError('bad_answer', `the answer does not have the expected shape: ${z.prettifyError(shape.error).replace(/\s+/g, ' ')}`, { cause: shape.error });
  const variants = shape.data.variants.slice(0, 20).flatMap((item) => {
    const v = Variant.safeParse(item);
    return v.success ? [v.data] : [];
  });
  if (variants.length === 0) throw new LlmError('bad_answer', 'the answer has no usable variant (each needs a non-empty "text" of at most 25,000 characters)');
  return { variants };
}

function retryAfterMs(headers: Headers | undefined): number | undefined {
  const ms = Number(headers?.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return ms;
  const s = Number(headers?.get('retry-after'));
  return Number.isFinite(s) && s >= 0 && headers?.get('retry-after') ? s * 1000 : undefined;
}

/** Maps the openai client's error classes onto the kinds the app knows. */
export function toLlmError(err: unknown, timeoutMs: number): LlmError {
  if (err instanceof LlmError) return err;
  // why: timeout and abort first, as both are subclasses of APIConnectionError / APIError
  if (err instanceof APIConnectionTimeoutError) return new LlmError('timeout', `no answer within ${timeoutMs} ms`, { cause: err });
  if (err instanceof APIUserAbortError) return new LlmError('timeout', 'the request was aborted by the caller', { cause: err });
  if (err instanceof APIConnectionError) return new LlmError('network', `cannot reach the server: ${err.message}`, { cause: err });
  if (err instanceof RateLimitError) return new LlmError('rate_limited', err.message, { status: 429, retryAfterMs: retryAfterMs(err.headers), cause: err });
  if (err instanceof AuthenticationError || err instanceof PermissionDeniedError) return new LlmError('auth', err.message, { status: err.status, cause: err });
  if (err instanceof APIError) return new LlmError('server', err.message, { status: err.status, cause: err });
  // why: a 200 whose body is not JSON (a proxy's HTML page) surfaces as the client's JSON.parse error
  if (err instanceof SyntaxError) return new LlmError('bad_answer', `the response body is not JSON: ${err.message}`, { cause: err });
  return new LlmError('network', err instanceof Error ? err.message : String(err), { cause: err });
}

/**
 * A Rewriter on the unmodified openai client, for OpenAI and any compatible server (Ollama,
 * vLLM, llama.cpp, LM Studio). The client retries 429/5xx/timeouts itself (`maxRetries`).
 */
export function createOpenAiRewriter(opts: OpenAiRewriterOptions): Rewriter {
  const client = new OpenAI({
    apiKey: opts.apiKey ?? 'not-needed',
    // why: explicit, so the client never falls back to process.env behind the config's back
    baseURL: opts.baseUrl ?? DEFAULT_BASE_URL,
    timeout: opts.timeoutMs,
    maxRetries: opts.maxRetries,
    logLevel: 'off',
    ...(opts.fetch ? { fetch: opts.fetch } : {}),
  });
  const temperature = opts.temperature ?? 0.7;
  // why: some compatible servers (and some models) reject response_format or temperature with 400; once seen, stop sending them
  let optionalParams = true;

  async function chat(messages: readonly ChatMessage[], json: boolean, temp: number, signal?: AbortSignal): Promise<string> {
    const base: ChatCompletionCreateParamsNonStreaming = { model: opts.model, messages: messages.map((m) => ({ role: m.role, content: m.content })) };
    const full: ChatCompletionCreateParamsNonStreaming = { ...base, temperature: temp, ...(json ? { response_format: { type: 'json_object' as const } } : {}) };
    let completion;
    try {
      try {
        completion = await client.chat.completions.create(optionalParams ? full : base, { signal });
      } catch (err) {
        if (!(err instanceof BadRequestError) || !optionalParams) throw err;
        opts.log?.warn({ status: 400, model: opts.model }, 'llm: request refused; retrying without response_format and temperature');
        completion = await client.chat.completions.create(base, { signal });
        optionalParams = false;
      }
    } catch (err) {
      const e = toLlmError(err, opts.timeoutMs);
      if (e.kind === 'auth') opts.log?.error({ kind: e.kind, status: e.status }, 'llm: the server rejected the credentials; check OPENAI_API_KEY and OPENAI_BASE_URL');
      throw e;
    }
    const choice = completion.choices?.[0];
    const content = choice?.message?.content;
    if (choice?.finish_reason === 'length') throw new LlmError('bad_answer', 'the answer was cut off (finish_reason: length)');
    if (typeof content !== 'string' || content.trim() === '') throw new LlmError('bad_answer', 'the answer has no text content');
    return content;
  }

  return {
    async rewrite(messages, signal) {
      return parseRewriteAnswer(await chat(messages, true, temperature, signal));
    },
    async complete(messages, signal) {
      return (await chat(messages, false, Math.min(temperature, 0.2), signal)).trim();
    },
  };
}

/** The configured Rewriter, or undefined when neither OPENAI_API_KEY nor OPENAI_BASE_URL is set. */
export function rewriterFromConfig(config: Pick<AppConfig, 'llm' | 'settings'>, log?: Log): Rewriter | undefined {
  if (!config.llm) return undefined;
  return createOpenAiRewriter({
    apiKey: config.llm.apiKey,
    baseUrl: config.llm.baseUrl,
    model: config.llm.model,
    timeoutMs: Math.round(config.settings.llm.timeout_seconds * 1000),
    maxRetries: config.settings.llm.max_retries,
    log,
  });
}
