#!/usr/bin/env bash
# Starts the demo station: builds RadioServer (a Native AOT program where clang can build it, else precompiled:
# scripts/publish-station.sh) and serves config/station.yaml on http://0.0.0.0:8000.
# Any extra arguments go to the server, e.g.  scripts/start.sh --urls http://127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found on PATH)" >&2; exit 1; }
scripts/setup-deps.sh libmp3lame0 libopus0 clang # the MP3 and Opus encoders; clang links the Native AOT program

station=$(scripts/publish-station.sh | tail -n 1)
echo "Starting the demo station: listen at http://127.0.0.1:8000/stream.mp3 (Ctrl+C to stop)"
exec "$station" --config config/station.yaml "$@"
