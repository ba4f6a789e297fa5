FROM debian:bookworm-slim
RUN apt-get update
# curl for the health check, tini as init
RUN apt-get install -y --no-install-recommends curl tini

RUN rm -rf /var/lib/apt/lists/*
COPY entrypoint.sh /usr/local/bin/
ENTRYPOINT ["tini", "--", "entrypoint.sh"]
