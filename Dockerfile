# One image for every Tributary component: `docker run tributary <subcommand>`.
FROM rust:1.95-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends cmake libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN cargo build --locked --release --bin tributary

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl git libcurl4 \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home-dir /var/lib/tributary --create-home tributary
COPY --from=build /src/target/release/tributary /usr/local/bin/tributary
USER tributary
WORKDIR /var/lib/tributary
ENTRYPOINT ["tributary"]
CMD ["--help"]
