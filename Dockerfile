# syntax=docker/dockerfile:1
# zombie-beta on Node 24: the bot by default, the `zombie` CLI for the daily ingest and backups. Production
# dependencies only, a non-root user, tini as PID 1 (it reaps the chart worker processes and passes signals on to
# node, which stops its workers itself), and a health check on the ops endpoint /readyz. See docs/operations.md.
#
#   docker build -t zombie-beta .
#   docker run -d --name zombie-beta --env-file .env -v zombie-data:/var/lib/zombie-beta -p 127.0.0.1:9464:9464 zombie-beta
#   docker run --rm --env-file .env -v zombie-data:/var/lib/zombie-beta --no-healthcheck zombie-beta zombie ingest all

# Build stage: every dependency (the compiler is a devDependency), then scripts/build-image-tree.sh, the script CI
# runs too: it builds dist/, assembles /app with the production dependencies only and smoke-checks it.
FROM node:24-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: this image's node is Node 24 already (the pinned `node` devDependency would download a second
# one), and `prepare` (the build) needs the sources, which come next.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN scripts/build-image-tree.sh /app

FROM node:24-slim
RUN apt-get update \
  && apt-get install -y --no-install-recommends tini \
  && rm -rf /var/lib/apt/lists/*
COPY --from=build /app /app
# `zombie …` on PATH. The state directory (a volume, owned by the image's unprivileged user `node`) is the working
# directory, as under systemd: the default DATABASE_PATH, data/zombie.db, is the cache in it.
# (`zombie demo` writes its generated files beside the bundled ones, so that folder is the user's too.)
RUN ln -s /app/bin/zombie.js /usr/local/bin/zombie \
  && mkdir -p /var/lib/zombie-beta/backups /app/data/demo/generated \
  && chown node:node /var/lib/zombie-beta /var/lib/zombie-beta/backups /app/data/demo/generated
# OPS_HOST 0.0.0.0 is inside the container's own network namespace: publish the port to the host's loopback
# (-p 127.0.0.1:9464:9464) for Prometheus.
ENV OPS_PORT=9464 \
  OPS_HOST=0.0.0.0
WORKDIR /var/lib/zombie-beta
VOLUME ["/var/lib/zombie-beta"]
USER node
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.OPS_PORT}/readyz`, { signal: AbortSignal.timeout(4000) }).then((response) => process.exit(response.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# npm start's command: the heap flags keep the bot's memory near its live set (README, Performance).
CMD ["node", "--max-semi-space-size=4", "--max-old-space-size=256", "--enable-source-maps", "/app/dist/src/bot/main.js"]
