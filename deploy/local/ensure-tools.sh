#!/usr/bin/env bash
# Tools the tests use besides Python packages, installed from Debian's archive when missing.
# Used by `make test`. Needs root (or passwordless sudo) only when something is missing.
set -euo pipefail

# Docker Compose v2 parses and validates docker-compose.yml without an engine (`docker compose
# config`). Bookworm ships only Compose v1, which does not know the compose specification, so take
# the static Compose v2 package from Debian 13 (it depends on nothing but libc), checked by hash.
COMPOSE_DEB="pool/main/d/docker-compose/docker-compose_2.26.1-4_amd64.deb"
COMPOSE_SHA256="47681197cb2b1ab88206b42a1a92fc75f50d9530a6322d03494a473eed0408ea"
COMPOSE_PLUGIN=/usr/libexec/docker/cli-plugins/docker-compose

as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

if [[ ! -x $COMPOSE_PLUGIN ]] && [[ $(dpkg --print-architecture 2>/dev/null) == amd64 ]]; then
  echo "Installing Docker Compose v2 (Debian package)..."
  deb=$(mktemp --suffix=.deb)
  curl -fsS --retry 3 -o "$deb" "http://deb.debian.org/debian/$COMPOSE_DEB"
  echo "$COMPOSE_SHA256  $deb" | sha256sum -c --quiet -
  as_root dpkg -i "$deb" >/dev/null
  rm -f "$deb"
fi

# The ffmpeg media driver of the reference agent (and its tests) needs ffmpeg built with libsrt and librist, as
# Debian's is; srt-tools brings srt-live-transmit, which carries the driver's SRT inputs and outputs (decision 80).
# libsrt-gnutls-dev and a C compiler build the agent's native SRT fan-out (decision 91; `make tools` builds it).
if ! command -v ffmpeg >/dev/null || ! command -v ffprobe >/dev/null || ! command -v srt-live-transmit >/dev/null \
    || ! command -v cc >/dev/null || [[ ! -f /usr/include/srt/srt.h ]]; then
  echo "Installing ffmpeg, srt-tools, libsrt-gnutls-dev and gcc (Debian packages)..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ffmpeg srt-tools \
    libsrt-gnutls-dev gcc libc6-dev >/dev/null
fi
