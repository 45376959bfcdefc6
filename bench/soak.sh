#!/usr/bin/env bash
# Soak test (issue 11, part 5; not in CI): the demo station on air for SOAK_MINUTES (default 120) with
#   - 500 listeners churning: 10 groups of 50, all connected in the first seconds; group g first leaves after g + 1
#     minutes, then every 10 minutes, so 10 % of the listeners reconnect every minute from the first minute on and
#     the full load is on air for the whole run (not ramped over the first 10 minutes), via the shared load generator;
#   - a title change every 10 s through /admin/metadata;
#   - a presenter's source (ffmpeg, 60 s of tone) connecting every 10 minutes.
# The station's RSS and CPU are sampled every minute into soak.csv; soak.svg plots them; the last lines give the
# RSS slope (MB per hour, least squares over the minutes after the first 10) and the mean CPU.
#
#   bench/soak.sh [OUT_DIR]            SOAK_MINUTES=120 PORT=18700 LOADGEN_SOURCE=../shared/tools/loadgen/loadgen.c
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-$root/bench/soak-$(date -u +%Y%m%dT%H%M%SZ)}
minutes=${SOAK_MINUTES:-120}
port=${PORT:-18700}
loadgen_source=${LOADGEN_SOURCE:-$root/../shared/tools/loadgen/loadgen.c}
loadgen=$out/loadgen
admin=soak-admin
source_password=soak-source
mkdir -p "$out"

[ -f "$loadgen_source" ] || { echo "no load generator source at $loadgen_source (set LOADGEN_SOURCE)" >&2; exit 1; }
cc -O2 -std=gnu11 -o "$loadgen" "$loadgen_source" -lm # built into the output folder: the shared tools folder is read-only
command -v ffmpeg >/dev/null || scripts/setup-deps.sh ffmpeg
command -v curl >/dev/null || scripts/setup-deps.sh curl
scripts/setup-deps.sh libmp3lame0 libopus0

echo "Building RadioServer (Release)..."
dotnet build src/RadioServer/RadioServer.csproj -c Release -nologo -v quiet -clp:ErrorsOnly
ulimit -n "$(ulimit -Hn)"

dotnet src/RadioServer/bin/Release/net10.0/RadioServer.dll --config config/station.yaml --urls "http://127.0.0.1:$port" \
  --station:adminpassword=$admin --station:sourcepassword=$source_password --station:database="$out/soak.db" \
  --station:data_folder="$out/data" --station:max_connections_per_ip=0 > "$out/station.log" 2>&1 &
station=$!
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  kill -TERM "$station" 2>/dev/null || true
  wait "$station" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 1; done

# Listeners: group g connects at once, holds g + 1 minutes, then reconnects every 10 minutes until the end.
end=$(( $(date +%s) + minutes * 60 ))
for g in $(seq 0 9); do
  (
    first=$(( (g + 1) * 60 ))
    while [ "$(date +%s)" -lt "$end" ]; do
      left=$(( end - $(date +%s) ))
      hold=$(( left < first ? left : first ))
      first=600
      [ "$hold" -gt 5 ] || break
      "$loadgen" -n 50 -p "$port" -m /stream.mp3 -r 50 -d "$hold" --icy -q >> "$out/loadgen-$g.log" 2>&1 || true
    done
  ) &
  pids+=($!)
done

# A title every 10 s.
(
  i=0
  while [ "$(date +%s)" -lt "$end" ]; do
    i=$((i + 1))
    curl -fs -u "admin:$admin" "http://127.0.0.1:$port/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Soak%20title%20$i" >/dev/null || true
    sleep 10
  done
) &
pids+=($!)

# A presenter every 10 minutes, 60 s on air.
(
  while [ "$(date +%s)" -lt "$end" ]; do
    sleep 300
    ffmpeg -nostdin -v error -re -f lavfi -i sine=frequency=1000:duration=60 -c:a libmp3lame -b:a 128k \
      -content_type audio/mpeg -f mp3 "icecast://source:$source_password@127.0.0.1:$port/live.mp3" >> "$out/source.log" 2>&1 || true
    sleep 240
  done
) &
pids+=($!)

# RSS (MB) and CPU (% of one core over the last minute) every minute.
hz=$(getconf CLK_TCK)
echo "minute,rss_mb,cpu_percent" > "$out/soak.csv"
ticks() { awk '{print $14 + $15}' "/proc/$station/stat"; }
last=$(ticks)
for m in $(seq 1 "$minutes"); do
  sleep 60
  kill -0 "$station" 2>/dev/null || { echo "the station stopped at minute $m" >&2; exit 1; }
  now=$(ticks)
  rss=$(awk '/^VmRSS:/ {printf "%.1f", $2 / 1024}' "/proc/$station/status")
  cpu=$(awk -v d=$((now - last)) -v hz="$hz" 'BEGIN {printf "%.1f", 100 * d / hz / 60}')
  last=$now
  echo "$m,$rss,$cpu" >> "$out/soak.csv"
  echo "minute $m: RSS $rss MB, CPU $cpu %"
done

# The listener groups' last batches end on their own (a few seconds after the last sample: each batch's ramp adds a
# little): stopping the station under them would count as drops in their verdicts.
for p in "${pids[@]:0:10}"; do wait "$p" || true; done
grep -h "^VERDICT" "$out"/loadgen-*.log | sort | uniq -c

python3 - "$out/soak.csv" "$out/soak.svg" <<'EOF'
import csv, sys
rows = [(int(r["minute"]), float(r["rss_mb"]), float(r["cpu_percent"])) for r in csv.DictReader(open(sys.argv[1]))]
tail = [r for r in rows if r[0] > 10] or rows
n = len(tail)
mx = sum(r[0] for r in tail) / n
my = sum(r[1] for r in tail) / n
sxx = sum((r[0] - mx) ** 2 for r in tail) or 1
slope = sum((r[0] - mx) * (r[1] - my) for r in tail) / sxx * 60
print(f"RSS slope after the first 10 minutes: {slope:+.2f} MB per hour over {n} minutes "
      f"(RSS {tail[0][1]:.1f} -> {tail[-1][1]:.1f} MB); mean CPU {sum(r[2] for r in rows) / len(rows):.1f} % of one core")
# A plain SVG plot (no plotting library needed): RSS in blue (left scale), CPU in red (right scale).
w, h, pad = 800, 400, 50
top_rss = max(r[1] for r in rows) * 1.1 or 1
top_cpu = max(max(r[2] for r in rows) * 1.1, 1)
last = max(r[0] for r in rows) or 1
def x(m): return pad + (w - 2 * pad) * m / last
def line(values, top, colour):
    points = " ".join(f"{x(m):.1f},{h - pad - (h - 2 * pad) * v / top:.1f}" for m, v in values)
    return f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{points}"/>'
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
       f'<rect width="{w}" height="{h}" fill="white"/>',
       f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="black"/>',
       line([(r[0], r[1]) for r in rows], top_rss, "#1f5fbf"), line([(r[0], r[2]) for r in rows], top_cpu, "#bf1f1f"),
       f'<text x="{pad}" y="20" fill="#1f5fbf">RSS, MB (0 to {top_rss:.0f})</text>',
       f'<text x="{w - pad}" y="20" fill="#bf1f1f" text-anchor="end">CPU, % of one core (0 to {top_cpu:.0f})</text>',
       f'<text x="{w / 2}" y="{h - 15}" text-anchor="middle">minutes on air (slope after minute 10: {slope:+.2f} MB/h)</text>', '</svg>']
open(sys.argv[2], "w").write("\n".join(svg))
EOF
echo "CSV: $out/soak.csv  plot: $out/soak.svg  station log: $out/station.log"
