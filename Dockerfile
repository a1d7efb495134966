# syntax=docker/dockerfile:1
# Multi-stage image: build with dev dependencies, run with production dependencies as a non-root
# user. `npm install`, not `npm ci` (STACK.md trap 1: the lockfile made here lacks some optional
# platform builds, so `npm ci` refuses it).
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# postinstall repairs the postgres.js driver (scripts/patch-postgres-driver.mjs)
COPY scripts/patch-postgres-driver.mjs scripts/
RUN npm install --no-audit --no-fund
COPY . .
RUN npx remix vite:build

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/patch-postgres-driver.mjs scripts/
RUN npm install --omit=dev --no-audit --no-fund

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 HOST=0.0.0.0 DATA_DIR=/data
WORKDIR /app
RUN groupadd --system app && useradd --system --gid app --home /app app \
  && mkdir -p /data && chown app:app /data
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/build ./build
COPY package.json tsconfig.json server.ts ./
COPY server ./server
COPY app ./app
COPY db ./db
COPY jobs ./jobs
COPY public ./public
USER app
EXPOSE 3000
# The web process; Fly's worker process group runs `node --import tsx jobs/main.ts`.
CMD ["node", "--import", "tsx", "server.ts"]
