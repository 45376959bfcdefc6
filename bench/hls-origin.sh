#!/usr/bin/env bash
# HLS origin cost (issue 13): what 500 HLS players cost the station behind the shipped nginx cache
# (config/nginx/radioserver-hls-cache.conf) and straight at it. Runs tests/RadioServer.Tests' HlsCacheTests with
# RADIOSERVER_HLS_COMPARE_DIRECT=1: the station as its own process (dotnet RadioServer.dll, three renditions and one
# Icecast mount), Debian's nginx started by the test, 500 simulated players (350 standard, 100 saver, 50 high) for 60 s
# through nginx, then the same 500 for 60 s straight at the station. Prints, for each run, the station's CPU (from
# /proc, as a share of one core) idle and under load, nginx's worker CPU, the players' own CPU, the requests that
# reached the station (from its access log) and the players' segment latency. About 2.5 minutes; not in CI.
#
#   bench/hls-origin.sh
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found on PATH)" >&2; exit 1; }
scripts/setup-deps.sh libmp3lame0 nginx
echo "Building (Release)..."
dotnet build RadioServer.sln -c Release -nologo -v quiet -clp:ErrorsOnly
log=$(mktemp)
status=0
RADIOSERVER_HLS_COMPARE_DIRECT=1 dotnet test tests/RadioServer.Tests -c Release --no-build -nologo \
  --filter "FullyQualifiedName~HlsCacheTests" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=$?
# The figures the test printed (its standard output), or everything when it failed.
if [ "$status" -eq 0 ]; then
  sed -n '/Standard Output Messages:/,/^$/p' "$log" | sed '1d'
else
  cat "$log"
fi
rm -f "$log"
exit "$status"
