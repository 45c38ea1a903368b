// A liveness signal for container health checks and process supervisors: the running bot
// rewrites a small file under DATA_DIR every few seconds, saying whether it is connected to
// Discord; `node scripts/healthcheck.mjs` (Docker HEALTHCHECK) reads it. A file, not a port: the
// bot opens no listening socket, and a stuck event loop stops the file's updates as well.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const HEARTBEAT_FILE = 'heartbeat.json';
const INTERVAL_MS = 15_000;

interface Beat {
  at: string;
  pid: number;
  ready: boolean;
}

/** Writes the heartbeat now and every interval until stop(). `ready` tells whether the bot is connected. */
export function startHeartbeat(dataDir: string, ready: () => boolean, intervalMs = INTERVAL_MS): { stop(): void } {
  const file = join(dataDir, HEARTBEAT_FILE);
  const beat = () => {
    try {
      writeFileSync(`${file}.tmp`, JSON.stringify({ at: new Date().toISOString(), pid: process.pid, ready: ready() } satisfies Beat));
      renameSync(`${file}.tmp`, file);
    } catch {
      // why ignored: a full or read-only disk shows up in the health check as a stale heartbeat
    }
  };
  beat();
  const timer = setInterval(beat, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** Healthy when the heartbeat is recent (three intervals) and the bot was connected. */
export function checkHeartbeat(dataDir: string, now = Date.now(), intervalMs = INTERVAL_MS): { healthy: boolean; reason: string } {
  let beat: Beat;
  try {
    beat = JSON.parse(readFileSync(join(dataDir, HEARTBEAT_FILE), 'utf8')) as Beat;
  } catch {
    return { healthy: false, reason: `no heartbeat in ${dataDir} yet (is the bot running with this DATA_DIR?)` };
  }
  const age = now - Date.parse(beat.at);
  if (!(age <= 3 * intervalMs)) return { healthy: false, reason: `last heartbeat ${Math.round(age / 1000)} s ago (process ${beat.pid} stuck or stopped)` };
  if (!beat.ready) return { healthy: false, reason: 'running but not connected to Discord' };
  return { healthy: true, reason: `connected; heartbeat ${Math.round(age / 1000)} s ago` };
}
