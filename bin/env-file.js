// Settings from a `.env` file in the working directory, for both commands (fanpage-advisor and
// npm start). Variables already set in the environment win; a missing file is fine (production
// usually sets the environment itself: Docker --env-file, systemd EnvironmentFile).
// why Node's own loader: same syntax as `node --env-file`, no dependency; but unlike that flag
// it does not fail when the file is missing.
export function loadEnvFile(file = '.env') {
  try {
    process.loadEnvFile(file);
  } catch (err) {
    if (err?.code !== 'ENOENT') process.stderr.write(`fanpage-advisor: could not read ${file} (${err?.message ?? err}); going on without it.\n`);
  }
}
