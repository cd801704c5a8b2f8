# syntax=docker/dockerfile:1
# orgscan service image: `orgscan serve` on port 8080, state in PostgreSQL (DATABASE_URL) or under /data.
# Built for linux/arm64 by the CDK app (infra/); any platform builds with `docker build .`.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# ---- build: all dependencies, compile TypeScript to dist/
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Sources: whatever .dockerignore admits (the folders tsconfig.build.json compiles).
COPY . .
# tsc emits only JavaScript: carry non-TypeScript files (SQL, templates) next to the code that reads them.
RUN npm run build \
 && for dir in $(node -p "require('./tsconfig.build.json').include.join(' ')"); do \
      [ ! -d "$dir" ] || find "$dir" -type f ! -name '*.ts' -exec cp --parents {} dist/ \; ; \
    done \
 && rm -rf dist/infra

# ---- runtime: production dependencies only, non-root, read-only root filesystem friendly
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force && rm -rf /root/.npm
COPY --from=build /app/dist ./dist
# Amazon RDS certificate authorities, so DATABASE_URL can use sslmode=verify-full.
ADD --chmod=0644 https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem /etc/ssl/certs/rds-global-bundle.pem
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/rds-global-bundle.pem
# The only writable paths: mount volumes here when the root filesystem is read-only.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/cli/index.js", "serve", "--host", "0.0.0.0", "--data-dir", "/data"]
