#!/usr/bin/env bash
# Builds the station to run (not to test), precompiled: a ReadyToRun publish for this machine, so the first
# listeners after a start do not wait for the JIT to compile the listener path (measured at 1,000 listeners on a
# fresh station: TTFB p99 7-14 -> 4-5.5 ms, max 44-56 -> 20-24 ms; docs/performance.md). Where the precompiler
# package is not available for this machine, falls back to the plain build, and says so.
# Prints the path of the RadioServer.dll to run on its last line; the build's messages go to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/RadioServer/bin/Release/publish
echo "Building RadioServer (Release, ReadyToRun)..." >&2
if dotnet publish src/RadioServer/RadioServer.csproj -c Release --use-current-runtime --self-contained false \
     -p:PublishReadyToRun=true -o "$out" -nologo -v quiet -clp:ErrorsOnly >&2; then
  echo "$out/RadioServer.dll"
else
  echo "The ReadyToRun publish failed (see above); building without it (the first listeners pay the JIT)" >&2
  dotnet build src/RadioServer/RadioServer.csproj -c Release -nologo -v quiet -clp:ErrorsOnly >&2
  echo "src/RadioServer/bin/Release/net10.0/RadioServer.dll"
fi
