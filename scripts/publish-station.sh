#!/usr/bin/env bash
# Builds the station to run (not to test) and prints the program to run on its last line; the build's messages go to
# stderr. In order of preference:
#  1. Native AOT (one native program, src/RadioServer/bin/Release/native/RadioServer): no JIT and no framework files
#     to map, so an idle station holds about 75 MB instead of 132 (docs/performance.md), and the first listeners after
#     a start pay no compilation. Needs clang (scripts/start.sh installs it) and takes 2-3 minutes on two cores.
#  2. ReadyToRun (precompiled, run by the .NET runtime): where Native AOT cannot be built here.
#  3. The plain build (the first listeners pay the JIT).
# Each fallback says why. RADIOSERVER_PUBLISH=readytorun skips the first (e.g. to compare the two).
set -euo pipefail
cd "$(dirname "$0")/.."
project=src/RadioServer/RadioServer.csproj
quiet=(-nologo -v quiet -clp:ErrorsOnly)

if [ "${RADIOSERVER_PUBLISH:-native}" = native ]; then
  out=src/RadioServer/bin/Release/native
  if ! command -v clang >/dev/null; then
    echo "clang is not installed (scripts/setup-deps.sh clang): skipping the Native AOT build" >&2
  else
    echo "Building RadioServer (Release, Native AOT: 2-3 minutes)..." >&2
    if dotnet publish "$project" -c Release --use-current-runtime -p:PublishAot=true -o "$out" "${quiet[@]}" >&2; then
      echo "$out/RadioServer"
      exit 0
    fi
    echo "The Native AOT build failed (see above); building ReadyToRun instead" >&2
  fi
fi

out=src/RadioServer/bin/Release/publish
echo "Building RadioServer (Release, ReadyToRun)..." >&2
if dotnet publish "$project" -c Release --use-current-runtime --self-contained false \
     -p:PublishReadyToRun=true -o "$out" "${quiet[@]}" >&2; then
  echo "$out/RadioServer"
else
  echo "The ReadyToRun publish failed (see above); building without it (the first listeners pay the JIT)" >&2
  dotnet build "$project" -c Release "${quiet[@]}" >&2
  echo "src/RadioServer/bin/Release/net10.0/RadioServer"
fi
