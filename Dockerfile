# syntax=docker/dockerfile:1
# Multi-stage image: build with dev dependencies, run with production dependencies as a non-root
# user. `npm install`, not `npm ci` (STACK.md trap 1: the lockfile made here lacks some optional
# platform builds, so `npm ci` refuses it).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --no-audit --no-fund
COPY . .
# The React Router bundle and the server/worker/migration entry points (scripts/build-server.mjs).
RUN npm run build

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm install --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home /app app \
  && mkdir -p /data && chown app:app /data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY package.json ./
# Read at run time: migrations (SQL and journal) and the worker's crontab.
COPY db/migrations ./db/migrations
COPY jobs/crontab ./jobs/crontab
COPY public ./public
USER app
EXPOSE 3000
# The web process (WEB_CONCURRENCY web processes, README "Deploy"); Fly's worker process group
# runs `node build/worker.js`, its release command `node build/db-cli.js migrate`.
CMD ["node", "build/server.js"]
