# fanpage-advisor: the Discord bot in a container. See README, "Deploy".
#   docker build -t fanpage-advisor .
#   docker run -d --name fanpage-advisor --env-file .env -v fanpage-data:/data --restart unless-stopped fanpage-advisor

# --- build: compile TypeScript, write the rules snapshot, then drop the dev dependencies --------
FROM node:20-bookworm-slim AS build
WORKDIR /app
# why the toolchain: better-sqlite3 compiles itself when no prebuilt binary fits the platform
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# why --ignore-scripts here: "prepare" builds from sources that are not copied yet
RUN npm ci --ignore-scripts && npm rebuild better-sqlite3
COPY tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY scripts ./scripts
COPY config ./config
COPY rules ./rules
COPY src ./src
# writes dist/ (compiled code, rules snapshot, build stamp), then keeps production packages only
RUN npm run build && npm prune --omit=dev

# --- run: plain Node, no compiler, not root ------------------------------------------------------
FROM node:20-bookworm-slim
# why MALLOC_ARENA_MAX: glibc gives each thread (gateway, scoring, libuv, V8's helpers) its own
# malloc arena, and freed memory stays in them; two arenas kept the bot's native memory 5–9 MB
# lower in bench:burst (at start and after a burst)
ENV NODE_ENV=production \
    DATA_DIR=/data \
    MALLOC_ARENA_MAX=2
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --from=build --chown=root:root /app/bin ./bin
COPY --from=build --chown=root:root /app/scripts ./scripts
COPY --from=build --chown=root:root /app/config ./config
COPY --from=build --chown=root:root /app/rules ./rules
# why the sources too: the build stamp in dist/ is a hash of them; matching sources tell bin/ that
# dist/ is current (a copy changes file times, not contents). Without them dist/ is used anyway.
COPY --from=build --chown=root:root /app/src ./src
COPY --from=build --chown=root:root /app/tsconfig.json /app/tsconfig.build.json ./
# the image's own "node" user (uid 1000) owns only the data volume; the code stays read-only
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
# the bot writes $DATA_DIR/heartbeat.json every 15 s while it runs; unhealthy when it is older
# than 45 s or the bot is not connected to Discord
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs"]
# the same flags as `npm start` (package.json): --expose-gc lets the bot bound its heap during a
# burst and give memory back after it (src/adapters/discord/scoring/settle.ts)
CMD ["node", "--expose-gc", "--max-semi-space-size=2", "bin/start.js"]
