FROM node:22-slim
WORKDIR /usr/src/app
COPY . .
RUN npm ci --omit=dev
EXPOSE 8080
CMD ["node", "index.js"]
