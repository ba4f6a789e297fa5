from alpine:3.20
run apk add --no-cache python3
run adduser -D app
user app
cmd ["python3", "-m", "http.server"]
