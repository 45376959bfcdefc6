#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests use from Debian when missing:
# libmp3lame0 and libopus0 (the encoders), mpg123 and ffmpeg (real players the interop tests drive), icecast2 (a real
# Icecast relaying and receiving our streams), chromium (the headless browser that plays the station page),
# curl (HTTPS checks, and mpg123's helper for https://), ezstream (libshout, the RFC 2817 TLS upgrade), nginx and its
# stream module (the station behind a proxy) and clang (links the Native AOT station).
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found on PATH)" >&2; exit 1; }
scripts/setup-deps.sh libmp3lame0 libopus0 mpg123 ffmpeg icecast2 chromium curl ezstream nginx libnginx-mod-stream clang

# The station as scripts/start.sh runs it, a Native AOT program: NativeAotStationTests start it and check what
# static analysis cannot (settings bound by reflection, generated JSON, the endpoints). Built first, on its own:
# the compiler takes both cores for 2-3 minutes.
station=$(scripts/publish-station.sh | tail -n 1)
export RADIOSERVER_NATIVE_STATION=$PWD/$station

log=$(mktemp)
status=0
dotnet test RadioServer.sln -c Release -nologo 2>&1 | tee "$log" || status=$?

# One plain summary line over all test projects ("N passed, N failed").
passed=$({ grep -oE 'Passed: +[0-9]+' "$log" || true; } | awk '{s+=$2} END {print s+0}')
failed=$({ grep -oE 'Failed: +[0-9]+' "$log" || true; } | awk '{s+=$2} END {print s+0}')
skipped=$({ grep -oE 'Skipped: +[0-9]+' "$log" || true; } | awk '{s+=$2} END {print s+0}')
build_errors=$({ grep -oE ': error [A-Z]+[0-9]+' "$log" || true; } | sort -u | wc -l)
rm -f "$log"
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$build_errors" -gt 0 ]; then
  echo "Build errors: $build_errors (a test project that does not build runs no test)" >&2
fi
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "No test ran" >&2
  exit 1
fi
exit "$status"
