/**
 * The subset of Discord's request validation a bot is most likely to trip over: message and
 * embed length limits, empty messages, autocomplete/modal limits and command definitions.
 * Errors use Discord's "Invalid Form Body" (code 50035) shape.
 */
import type { JsonObject } from './fixtures.ts';

export interface FieldError {
  path: Array<string | number>;
  code: string;
  message: string;
}

export interface ApiError {
  status: number;
  body: JsonObject;
}

/** Discord's nested `errors` object: { embeds: { 0: { title: { _errors: [...] } } } }. */
export function invalidFormBody(errors: FieldError[]): ApiError {
  const root: JsonObject = {};
  for (const error of errors) {
    let node = root;
    for (const key of error.path) {
      const k = String(key);
      node[k] ??= {};
      node = node[k] as JsonObject;
    }
    const list = (node._errors ??= []) as Array<{ code: string; message: string }>;
    list.push({ code: error.code, message: error.message });
  }
  return { status: 400, body: { message: 'Invalid Form Body', code: 50035, errors: root } };
}

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function maxLength(errors: FieldError[], path: FieldError['path'], value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` });
  }
}

function lengthBetween(errors: FieldError[], path: FieldError['path'], value: unknown, min: number, max: number): void {
  const len = typeof value === 'string' ? value.length : 0;
  if (len < min || len > max) {
    errors.push({ path, code: 'BASE_TYPE_BAD_LENGTH', message: `Must be between ${min} and ${max} in length.` });
  }
}

function validateEmbeds(errors: FieldError[], embeds: unknown[], prefix: FieldError['path']): void {
  if (embeds.length > 10) {
    errors.push({ path: [...prefix], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 10 or fewer in length.' });
  }
  let total = 0;
  embeds.forEach((embed, i) => {
    if (!isObject(embed)) return;
    const p = [...prefix, i];
    maxLength(errors, [...p, 'title'], embed.title, 256);
    maxLength(errors, [...p, 'description'], embed.description, 4096);
    total += str(embed.title).length + str(embed.description).length;
    const footer = isObject(embed.footer) ? embed.footer : undefined;
    maxLength(errors, [...p, 'footer', 'text'], footer?.text, 2048);
    total += str(footer?.text).length;
    const author = isObject(embed.author) ? embed.author : undefined;
    maxLength(errors, [...p, 'author', 'name'], author?.name, 256);
    total += str(author?.name).length;
    const fields = Array.isArray(embed.fields) ? embed.fields : [];
    if (fields.length > 25) {
      errors.push({ path: [...p, 'fields'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    }
    fields.forEach((field, j) => {
      if (!isObject(field)) return;
      lengthBetween(errors, [...p, 'fields', j, 'name'], field.name, 1, 256);
      lengthBetween(errors, [...p, 'fields', j, 'value'], field.value, 1, 1024);
      total += str(field.name).length + str(field.value).length;
    });
  });
  if (total > 6000) {
    errors.push({ path: [...prefix], code: 'MAX_EMBED_SIZE_EXCEEDED', message: 'Embed size exceeds maximum size of 6000' });
  }
}

/**
 * Validates a message create/edit body (channel message, interaction reply/update, webhook).
 * `fileCount` counts uploaded files; `isEdit` skips the "empty message" check.
 */
export function validateMessage(
  body: JsonObject,
  { fileCount = 0, isEdit = false, prefix = [] as FieldError['path'] } = {},
): ApiError | null {
  const errors: FieldError[] = [];
  maxLength(errors, [...prefix, 'content'], body.content, 2000);
  if (typeof body.nonce === 'string') maxLength(errors, [...prefix, 'nonce'], body.nonce, 25);
  else if (typeof body.nonce === 'number' && !Number.isSafeInteger(body.nonce)) {
    errors.push({ path: [...prefix, 'nonce'], code: 'NUMBER_TYPE_COERCE', message: 'Value "' + String(body.nonce) + '" is not snowflake.' });
  }
  if (Array.isArray(body.embeds)) validateEmbeds(errors, body.embeds, [...prefix, 'embeds']);
  const componentsV2 = typeof body.flags === 'number' && (body.flags & (1 << 15)) !== 0;
  if (!componentsV2 && Array.isArray(body.components) && body.components.length > 5) {
    errors.push({
      path: [...prefix, 'components'],
      code: 'BASE_TYPE_MAX_LENGTH',
      message: 'Must be 5 or fewer in length.',
    });
  }
  if (errors.length) return invalidFormBody(errors);
  if (!isEdit) {
    const hasContent = typeof body.content === 'string' && body.content.length > 0;
    const hasEmbeds = Array.isArray(body.embeds) && body.embeds.length > 0;
    const hasComponents = Array.isArray(body.components) && body.components.length > 0;
    const hasStickers = Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0;
    if (!hasContent && !hasEmbeds && !hasComponents && !hasStickers && !body.poll && fileCount === 0) {
      return { status: 400, body: { message: 'Cannot send an empty message', code: 50006 } };
    }
  }
  return null;
}

export function validateAutocompleteResult(data: JsonObject): ApiError | null {
  const errors: FieldError[] = [];
  const choices = Array.isArray(data.choices) ? data.choices : [];
  if (choices.length > 25) {
    errors.push({ path: ['data', 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  }
  choices.forEach((choice, i) => {
    if (!isObject(choice)) return;
    lengthBetween(errors, ['data', 'choices', i, 'name'], choice.name, 1, 100);
    if (typeof choice.value === 'string') maxLength(errors, ['data', 'choices', i, 'value'], choice.value, 100);
  });
  return errors.length ? invalidFormBody(errors) : null;
}

export function validateModal(data: JsonObject): ApiError | null {
  const errors: FieldError[] = [];
  lengthBetween(errors, ['data', 'title'], data.title, 1, 45);
  lengthBetween(errors, ['data', 'custom_id'], data.custom_id, 1, 100);
  const components = Array.isArray(data.components) ? data.components : [];
  if (components.length < 1 || components.length > 5) {
    errors.push({ path: ['data', 'components'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 5 in length.' });
  }
  components.forEach((row, i) => {
    if (!isObject(row) || row.type !== 18) return;
    const p = ['data', 'components', i];
    lengthBetween(errors, [...p, 'label'], row.label, 1, 45);
    maxLength(errors, [...p, 'description'], row.description, 100);
    const inner = isObject(row.component) ? row.component : {};
    if (![3, 4, 5, 6, 7, 8, 19, 21, 22, 23].includes(Number(inner.type))) {
      errors.push({ path: [...p, 'component', 'type'], code: 'COMPONENT_TYPE_INVALID', message: 'This component type is not allowed in a label.' });
    }
    lengthBetween(errors, [...p, 'component', 'custom_id'], inner.custom_id, 1, 100);
    if (inner.type === 3) validateStringSelect(errors, [...p, 'component'], inner);
  });
  return errors.length ? invalidFormBody(errors) : null;
}

/** A string select: 1–25 options with labels and values of 1–100 characters, and sane min/max. */
function validateStringSelect(errors: FieldError[], path: FieldError['path'], select: JsonObject): void {
  const options = Array.isArray(select.options) ? select.options : [];
  if (options.length < 1 || options.length > 25) {
    errors.push({ path: [...path, 'options'], code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 25 in length.' });
  }
  options.forEach((o, j) => {
    if (!isObject(o)) return;
    lengthBetween(errors, [...path, 'options', j, 'label'], o.label, 1, 100);
    lengthBetween(errors, [...path, 'options', j, 'value'], o.value, 1, 100);
    maxLength(errors, [...path, 'options', j, 'description'], o.description, 100);
  });
  const min = typeof select.min_values === 'number' ? select.min_values : 1;
  const max = typeof select.max_values === 'number' ? select.max_values : 1;
  if (min < 0 || min > 25) errors.push({ path: [...path, 'min_values'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 0 and 25.' });
  if (max < 1 || max > 25 || max > options.length || max < min) {
    errors.push({ path: [...path, 'max_values'], code: 'NUMBER_TYPE_MAX', message: 'int value should be between 1 and the number of options.' });
  }
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Slash commands/options: lowercase "word" characters; context menu commands: any 1–32 characters. */
function isValidName(name: string, chatInput: boolean): boolean {
  if (!chatInput) return name.length >= 1 && name.length <= 32;
  return COMMAND_NAME.test(name) && name === name.toLowerCase();
}

function validateNamed(errors: FieldError[], path: FieldError['path'], item: JsonObject, chatInput: boolean): void {
  const name = str(item.name);
  if (!isValidName(name, chatInput)) {
    errors.push({ path: [...path, 'name'], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
  }
  if (chatInput) lengthBetween(errors, [...path, 'description'], item.description, 1, 100);
  for (const key of ['name_localizations', 'description_localizations'] as const) {
    const map = item[key];
    if (!isObject(map)) continue;
    for (const [locale, value] of Object.entries(map)) {
      if (key === 'name_localizations') {
        if (!isValidName(str(value), chatInput)) {
          errors.push({ path: [...path, key, locale], code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' });
        }
      } else if (chatInput) {
        lengthBetween(errors, [...path, key, locale], value, 1, 100);
      }
    }
  }
}

function validateOptions(errors: FieldError[], path: FieldError['path'], options: unknown): void {
  if (!Array.isArray(options)) return;
  if (options.length > 25) {
    errors.push({ path, code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
  }
  const seen = new Set<string>();
  options.forEach((option, i) => {
    if (!isObject(option)) return;
    validateNamed(errors, [...path, i], option, true);
    const name = str(option.name);
    if (seen.has(name)) {
      errors.push({ path: [...path, i, 'name'], code: 'APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS', message: 'Option name already exists' });
    }
    seen.add(name);
    if (Array.isArray(option.choices) && option.choices.length > 25) {
      errors.push({ path: [...path, i, 'choices'], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 25 or fewer in length.' });
    }
    validateOptions(errors, [...path, i, 'options'], option.options);
  });
}

/** Validates a bulk-overwrite body (array of application commands). */
export function validateCommands(commands: unknown): ApiError | null {
  if (!Array.isArray(commands)) {
    return invalidFormBody([{ path: [], code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }]);
  }
  const errors: FieldError[] = [];
  const counts = new Map<number, number>();
  const seen = new Set<string>();
  commands.forEach((command, i) => {
    if (!isObject(command)) {
      errors.push({ path: [i], code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' });
      return;
    }
    const type = typeof command.type === 'number' ? command.type : 1;
    counts.set(type, (counts.get(type) ?? 0) + 1);
    validateNamed(errors, [i], command, type === 1);
    const key = `${type}:${str(command.name)}`;
    if (seen.has(key)) {
      errors.push({ path: [i, 'name'], code: 'APPLICATION_COMMANDS_DUPLICATE_NAME', message: `Application command names must be unique` });
    }
    seen.add(key);
    if (type === 1) validateOptions(errors, [i, 'options'], command.options);
  });
  if ((counts.get(1) ?? 0) > 100 || (counts.get(2) ?? 0) > 15 || (counts.get(3) ?? 0) > 15) {
    errors.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Too many application commands of one type' });
  }
  return errors.length ? invalidFormBody(errors) : null;
}
