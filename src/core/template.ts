export type Vars = Record<string, string | number>;

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

// why: the same few dozen templates are rendered for every post; split each once
const compiled = new Map<string, string[]>();

/** Fills `{{name}}` placeholders; an unknown name is left visible so a catalog test can catch it. */
export function render(template: string, vars: Vars, more?: Vars): string {
  let parts = compiled.get(template);
  if (!parts) {
    parts = template.split(PLACEHOLDER);
    if (compiled.size < 10_000) compiled.set(template, parts);
  }
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    const value = name in vars ? vars[name] : more && name in more ? more[name] : undefined;
    out += (value === undefined ? `{{${name}}}` : String(value)) + parts[i + 1]!;
  }
  return out;
}

/** The placeholder names a template uses. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]!);
}
