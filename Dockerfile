# Tradepost server image (docs/operations.md "Container image"). Not built in CI here (no Docker
# on the build machines); the stages mirror `npm ci` + `npm run build` exactly as CI runs them.
#
#   docker build -t tradepost .
#   docker run -p 8080:8080 -v tradepost-data:/data \
#     -e TRADEPOST_MASTER_KEY=<64 hex> -e HOST=0.0.0.0 tradepost

# --- build: full dev toolchain, compiles better-sqlite3 if no prebuilt binary fits ---
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY . .
RUN npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: no compiler, no sources beyond what the bundle loads, not root ---
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    TRADEPOST_DATA_DIR=/data \
    TRADEPOST_DEMO=0 \
    MALLOC_ARENA_MAX=2 \
    NODE_OPTIONS=--max-old-space-size=128
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json /app/package-lock.json ./
COPY --from=build --chown=root:root /app/node_modules ./node_modules
# The bundle holds the server, the CLI, our workspace packages and zod/kysely; other third-party ones load
# from node_modules.
COPY --from=build --chown=root:root /app/apps/server/package.json ./apps/server/package.json
COPY --from=build --chown=root:root /app/apps/server/dist ./apps/server/dist
COPY --from=build --chown=root:root /app/apps/web/dist ./apps/web/dist
# GET /sdk/tradepost-{protocol,sdk}.tgz packs these on request, as `npm pack` would: package.json and
# its "files" (dist, README.md; README* as protocol has none yet). node_modules/@tradepost links here.
COPY --from=build --chown=root:root /app/packages/protocol/package.json /app/packages/protocol/README* ./packages/protocol/
COPY --from=build --chown=root:root /app/packages/protocol/dist ./packages/protocol/dist
COPY --from=build --chown=root:root /app/packages/sdk/package.json /app/packages/sdk/README* ./packages/sdk/
COPY --from=build --chown=root:root /app/packages/sdk/dist ./packages/sdk/dist
# The image's files belong to root and are read-only to the server; only /data is its own.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
# Liveness for `docker run`; orchestrators should probe /readyz for traffic and /healthz for restarts.
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Operator commands run the same bundle: docker exec <ctr> node apps/server/dist/tradepost.mjs backup --out /data/x.tpbak
# SIGTERM drains (TRADEPOST_SHUTDOWN_MS, default 10 s); give `docker stop -t` a little more than that.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "apps/server/dist/tradepost.mjs"]
CMD ["serve"]
