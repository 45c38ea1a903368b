// why its own module: the command line checks input length before it loads the engine (a
// `--version` or a usage error must not pay for importing the whole core)

/** Longest input we read; Facebook's own limit is 63,206, so this leaves room to say "too long". */
export const MAX_INPUT_CHARS = 100_000;
