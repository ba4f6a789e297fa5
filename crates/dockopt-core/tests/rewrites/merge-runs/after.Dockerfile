FROM debian:bookworm-slim
RUN apt-get update && \
# curl for the health check, tini as init
    apt-get install -y --no-install-recommends curl tini && \
    rm -rf /var/lib/apt/lists/*
COPY entrypoint.sh /usr/local/bin/
ENTRYPOINT ["tini", "--", "entrypoint.sh"]
