# Frontend: Next.js 14 app (app router), built and served by the same image.
FROM node:22 AS build

ENV NODE_ENV=production
ENV NEXT_TELEMETRY_DISABLED 1

WORKDIR /app

# Tools the team needed once for debugging and for the sharp image optimizer.
RUN apt-get update && \
    apt-get install -y python3 make g++ git curl vim

COPY package*.json ./
RUN npm install
COPY . .

RUN npm run build && \
    chown -R node:node /app

FROM node:22-slim AS runtime
ENV HOSTNAME=0.0.0.0
ENV NODE_ENV=production
ENV NEXT_TELEMETRY_DISABLED 1
WORKDIR /app
COPY --chown=node:node --from=build /app/public ./public
COPY --chown=node:node --from=build /app/.next/standalone ./
COPY --chown=node:node --from=build /app/.next/static ./.next/static
EXPOSE 3000
USER node
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 CMD ["node", "-e", "require('http').get('http://127.0.0.1:3000/', (r) => process.exit(r.statusCode < 400 ? 0 : 1)).on('error', () => process.exit(1))"]
CMD ["node", "server.js"]
