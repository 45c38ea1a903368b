#!/usr/bin/env node
// Docker HEALTHCHECK (and anything else that asks "is the bot alive?"): exit 0 when the running
// bot's heartbeat under DATA_DIR is recent and it is connected to Discord, 1 otherwise.
import { resolve } from 'node:path';

const { checkHeartbeat } = await import('../dist/src/adapters/heartbeat.js');
const result = checkHeartbeat(resolve(process.env.DATA_DIR ?? './data'));
process.stdout.write(`${result.healthy ? 'healthy' : 'unhealthy'}: ${result.reason}\n`);
process.exit(result.healthy ? 0 : 1);
