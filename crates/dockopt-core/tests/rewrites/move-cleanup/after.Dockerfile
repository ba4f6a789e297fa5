FROM python:3.12-slim

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 curl && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1

RUN curl -fsSL -o /tmp/wait-for-it.tar.gz https://github.com/example/wait-for-it/archive/v2.2.4.tar.gz \
    && tar -xzf /tmp/wait-for-it.tar.gz -C /usr/local/bin --strip-components=1 && rm -f /tmp/wait-for-it.tar.gz

WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
CMD ["python", "-m", "app"]
