# One image for the Edgeplane server processes (controller now; compiler later).
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev --ignore-scripts

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/prisma ./prisma
COPY package.json ./
# Owned by the runtime user so that a named volume mounted here is writable (bootstrap key, artifacts).
RUN mkdir -p /var/lib/edgeplane && chown node:node /var/lib/edgeplane
USER node
EXPOSE 8080
CMD ["node", "dist/apps/controller/apps/controller/src/main.js"]
