FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir gunicorn flask
COPY . .
EXPOSE 5000
CMD ["gunicorn", "-b", "0.0.0.0:5000", "app:app"]
