FROM rust:1.83-bookworm AS build
WORKDIR /usr/src/app
COPY . .
RUN cargo build --release --locked

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
WORKDIR /usr/src/app
COPY --from=build /usr/src/app/target/release/web ./target/release/web
EXPOSE 3000
CMD ["./target/release/web"]
