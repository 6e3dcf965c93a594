# syntax=docker/dockerfile:1
# The registry's image: the built JavaScript on plain Node 20, as a non-root user. One image for
# the API (the default command) and the projection worker (`node … dist/services/projector/src/main.js`),
# see infra/compose.yaml. Build from the repository root: `docker build -t gsr .`

FROM node:20.19-bookworm-slim AS build
WORKDIR /app
ENV CI=true
# The pinned pnpm (package.json "packageManager"), through npx as `npm start` brings it.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml ./
COPY packages ./packages
COPY services ./services
COPY scripts ./scripts
COPY apps ./apps
COPY tsconfig.base.json tsconfig.json tsconfig.build.json ./
# The enforcement console (apps/console) is built here; the image serves its static files.
RUN npx --yes pnpm@10.34.8 install --frozen-lockfile \
 && npx tsc -p tsconfig.build.json \
 && node -e "import('./scripts/consoleBuild.mjs').then((m) => process.exit(m.ensureConsoleBuilt(process.cwd(), { force: true })))" \
 && npx --yes pnpm@10.34.8 install --frozen-lockfile --prod --config.confirmModulesPurge=false \
 && find packages services -name '*.spec.ts' -delete

FROM node:20.19-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/data
WORKDIR /app
# Workspace packages resolve through their package.json to src/ (kept: the resolver checks the
# file exists), and the hook in dist/scripts/builtCode loads the compiled twin from dist/.
COPY --from=build /app/package.json /app/pnpm-workspace.yaml ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/packages ./packages
COPY --from=build /app/services ./services
COPY --from=build /app/dist ./dist
# Where the compiled launcher looks for it (serveConsole.ts: apps/console/dist beside the code).
COPY --from=build /app/apps/console/dist ./dist/apps/console/dist
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "./dist/scripts/builtCode/register.js", "dist/services/launcher/src/main.js"]
