# syntax=docker/dockerfile:1
# One image for every Switchyard process; compose and Kubernetes pick the process by its command,
# e.g. `python -m streams` or `python -m cenv_agent host`.
# The agent's native SRT fan-out (decision 91), built against Debian's libsrt; srt-tools brings its runtime library.
FROM python:3.11-slim AS native
RUN apt-get update \
    && apt-get install -y --no-install-recommends gcc libc6-dev libsrt-gnutls-dev \
    && rm -rf /var/lib/apt/lists/*
COPY native/srt_fanout.c /build/
RUN cc -O2 -Wall -Wextra -std=c11 -D_DEFAULT_SOURCE -pthread -o /build/switchyard-srt-fanout /build/srt_fanout.c \
    -lsrt-gnutls

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# ffmpeg (with libsrt and librist) and srt-tools, from Debian, for the agent's ffmpeg media driver
RUN apt-get update \
    && apt-get install -y --no-install-recommends ffmpeg srt-tools \
    && rm -rf /var/lib/apt/lists/*

COPY --from=native /build/switchyard-srt-fanout /usr/local/bin/

RUN useradd --create-home --uid 10001 --user-group switchyard

WORKDIR /src
COPY pyproject.toml ./
COPY libs ./libs
COPY services ./services
COPY deploy/devrun ./deploy/devrun
RUN pip install . && rm -rf /src

USER switchyard
WORKDIR /home/switchyard
ENV SWITCHYARD_HOST=0.0.0.0
EXPOSE 8080 8081 8082 8083 8084 8085 8090
CMD ["python", "-m", "gateway"]
