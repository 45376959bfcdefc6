#!/usr/bin/env bash
# Installs the Debian packages RadioServer needs, only those that are missing, and says what it does.
# Usage: scripts/setup-deps.sh PACKAGE...   (e.g. libmp3lame0 mpg123 ffmpeg)
set -euo pipefail

missing=()
for pkg in "$@"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "RadioServer needs: ${missing[*]}. Install them with: apt-get install -y ${missing[*]} (as root)" >&2
  exit 1
fi

echo "Installing missing packages: ${missing[*]} (apt-get install -y ${missing[*]})"
export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/tmp/radioserver-apt.log 2>&1; then
  "${sudo[@]}" apt-get update -qq >>/tmp/radioserver-apt.log 2>&1
  "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >>/tmp/radioserver-apt.log 2>&1 || {
    echo "apt-get install ${missing[*]} failed; see /tmp/radioserver-apt.log" >&2
    exit 1
  }
fi
