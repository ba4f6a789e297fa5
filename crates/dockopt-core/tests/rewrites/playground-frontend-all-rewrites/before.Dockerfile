# Frontend: Next.js 14 app (app router), built and served by the same image.
FROM node:22

ENV NODE_ENV=production
ENV NEXT_TELEMETRY_DISABLED 1

WORKDIR /app

# Tools the team needed once for debugging and for the sharp image optimizer.
RUN apt-get update
RUN apt-get install -y python3 make g++ git curl vim

COPY . .

RUN npm install
RUN npm run build

RUN chown -R node:node /app

EXPOSE 3000

CMD npm start
