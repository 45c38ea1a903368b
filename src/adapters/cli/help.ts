/** `fanpage-advisor --help`. */
export const HELP = `fanpage-advisor – does a planned Facebook or X post give fans what they want?

Usage
  fanpage-advisor score [options] "<post>"     score one post (or pipe it on stdin)
  fanpage-advisor score --jsonl < in.jsonl      score many: one {"id","text","platform","lang"} per line
  fanpage-advisor audit <export.csv> [options]  your page's own perception gap from a Facebook or X export
                                               (fanpage-advisor audit --help for its options)
  fanpage-advisor rewrite [options] "<post>"   rewrites by a language model, kept only if they score higher
  fanpage-advisor ask [--lang en|de] "<question>"   what fans want, answered from the research findings
  fanpage-advisor explain <finding|category|rule>   the finding behind a rule: figures, source, caveat
  fanpage-advisor findings                      list every finding id
  fanpage-advisor rules check                   validate rules/ and run every rule's own examples
  fanpage-advisor corrections export [--out F]  shared user corrections as labelled JSONL (dev-set format)
  fanpage-advisor start                         run the Discord bot (DISCORD_TOKEN) or the local chat
  fanpage-advisor deploy-commands               register the slash commands with Discord
  fanpage-advisor db migrate                    bring the store (DATABASE_URL, or SQLite under DATA_DIR) to the newest schema

Every command takes -h/--help for its own options, e.g. fanpage-advisor score --help.

Options for score
  -p, --platform facebook|twitter|x   where the post goes (default from config: twitter)
  -l, --lang auto|en|de               the post's language (default auto)
      --reply-lang en|de              language of the answer (default: the post's)
  -k, --kind auto|reply|service|marketing   what kind of post (default auto: recognised from the text)
  -n, --suggestions N                 how many changes to show, 0–20 (default 3; 0 shows none)
      --json                          one JSON object (see README, "Output contract")
      --jsonl                         batch: JSON lines in, JSON lines out, same order and ids
      --no-color                      plain text
      --calibration FILE              show what your page's own data says (calibration.json from audit --out)

rewrite takes -p, -l, --reply-lang, --json and --no-color as score does. It needs OPENAI_API_KEY
and/or OPENAI_BASE_URL (any OpenAI-compatible server); ask works without them.

Exit codes: 0 success, 1 a problem with the data, some batch lines or the language model, 2 bad usage.`;
