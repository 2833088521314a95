# Orphelix: the API serving the built console on one port (3000).
#
# Not built or tested by this repository's CI: the machines it runs on have no container engine.
# The Helm chart (deploy/helm/orphelix) expects this image: uid 10001, a read-only root filesystem
# with /data and /tmp as volumes, /healthz and /readyz on port 3000.

# --- build: the whole workspace, then the API bundle and the console -----------------------------
FROM node:24-bookworm-slim AS build
WORKDIR /src
ENV NX_DAEMON=false NX_NO_CLOUD=true CI=true
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: Node, the API's production dependencies, the two builds ------------------------------
FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    WEB_DIST=/app/web/browser \
    ORPHELIX_DATA_DIR=/data \
    HOME=/data
WORKDIR /app
# The build writes the API's own package.json and lockfile (only what the bundle imports at runtime).
COPY --from=build /src/dist/apps/api/package.json /src/dist/apps/api/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /src/dist/apps/api/ ./
# browser/ is served; server/ renders list pages with their first rows (loaded by the API, self-contained).
COPY --from=build /src/dist/apps/web/browser/ ./web/browser/
COPY --from=build /src/dist/apps/web/server/ ./web/server/
RUN groupadd --system --gid 10001 orphelix \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin orphelix \
 && mkdir -p /data && chown 10001:10001 /data && chmod 0700 /data
USER 10001:10001
# SQLite and the generated key live here when there is no DATABASE_URL / ORPHELIX_SECRET_KEY.
VOLUME ["/data"]
EXPOSE 3000
# Node's own fetch: the image has no curl.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Bound beyond loopback, the API refuses to start without a login: pass GITHUB_CLIENT_ID and
# GITHUB_CLIENT_SECRET (with PUBLIC_URL) or ORPHELIX_ADMIN_TOKEN.
CMD ["node", "main.js"]
