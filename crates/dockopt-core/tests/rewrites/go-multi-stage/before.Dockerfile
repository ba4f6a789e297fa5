FROM golang:1.23
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN go build -trimpath -ldflags="-s -w" -o /bin/api ./cmd/api
EXPOSE 8080
ENTRYPOINT ["/bin/api"]
