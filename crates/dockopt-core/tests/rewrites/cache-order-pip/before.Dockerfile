FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt && python -m compileall -q .
CMD ["python", "main.py"]
