FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir gunicorn flask
RUN groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid app --no-create-home app
COPY --chown=app:app . .
EXPOSE 5000
USER app
CMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]
