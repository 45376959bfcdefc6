#!/usr/bin/env bash
# Starts the demo station: builds RadioServer and serves config/station.yaml on http://0.0.0.0:8000.
# Any extra arguments go to the server, e.g.  scripts/start.sh --urls http://127.0.0.1:9000
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found on PATH)" >&2; exit 1; }
scripts/setup-deps.sh libmp3lame0

echo "Building RadioServer (Release)..."
dotnet build src/RadioServer/RadioServer.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
echo "Starting the demo station: listen at http://127.0.0.1:8000/stream.mp3 (Ctrl+C to stop)"
exec dotnet src/RadioServer/bin/Release/net10.0/RadioServer.dll --config config/station.yaml "$@"
