#!/usr/bin/env bash
# Listener fan-out (issue 12): the station beside the "floor" (a minimal C server that only writes the stream, the
# kernel's cost of serving it) at several listener counts, measured by the project's load tester
# (bench/RadioServer.LoadTest) with the same method for both: 128 kbps MP3 with ICY metadata, listeners ramping
# RAMP per second, held HOLD seconds; the station runs its full demo (config/station.yaml, 3 mounts) and both write
# every 500 ms; then connection storms against the station. Not in CI (minutes per count). Writes fanout.csv, fanout.md (the table) and fanout.svg (CPU and RSS
# against listeners) into OUT_DIR.
#
#   bench/fanout.sh [OUT_DIR]   COUNTS="1000 5000 10000 15000" RAMP=200 HOLD=45 PORT=18720 WARMUP=90
#                               FLOOR_SOURCE=../shared/tools/floor/floor.c (the floor is skipped when it is missing)
#                               ICECAST_REF=the shared tools' loadgen/icecast-ref.sh (a reference icecast2 with an ffmpeg
#                               128k source and a title change every 5 s; skipped when missing or ICECAST=0)
#                               REFERENCE_CSV=file (optional: more rows, e.g. an Icecast run, in fanout.csv's format)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
out=${1:-$root/bench/fanout-$(date -u +%Y%m%dT%H%M%SZ)}
counts=${COUNTS-1000 5000 10000 15000} # COUNTS="" for the storms alone
ramp=${RAMP:-200}
hold=${HOLD:-45}
# Seconds each station is on air before the tester starts: past start-up and past the demo's first station ID (about
# 75 s in, after three songs), whose third deck makes its read-ahead ring then; with less, that 1.5 MB lands in some
# counts' hold and not others' and is charged to their listeners.
warmup=${WARMUP:-90}
port=${PORT:-18720}
floor_source=${FLOOR_SOURCE:-$root/../shared/tools/floor/floor.c}
icecast_ref=${ICECAST_REF:-$root/../shared/tools/loadgen/icecast-ref.sh}
mkdir -p "$out"

command -v ffmpeg >/dev/null || scripts/setup-deps.sh ffmpeg
command -v curl >/dev/null || scripts/setup-deps.sh curl
scripts/setup-deps.sh libmp3lame0 libopus0 clang
echo "Building RadioServer and the load tester (Release)..."
station=$(scripts/publish-station.sh | tail -n 1) # as scripts/start.sh runs it (Native AOT)
dotnet build bench/RadioServer.LoadTest -c Release -nologo -v quiet -clp:ErrorsOnly
ulimit -n "$(ulimit -Hn)"
tester=(dotnet bench/RadioServer.LoadTest/bin/Release/net10.0/RadioServer.LoadTest.dll)
# The demo's analysis (loudness, cue points) into the stations' data folder first, as on any station past its first
# day: otherwise the first count's station analyses the library during its first seconds and starts unlike the others.
"$station" scan playlists --data "$out/data" > "$out/scan.log"

floor=""
if [ -f "$floor_source" ]; then
  floor=$out/floor
  cc -O2 -std=gnu11 -pthread -o "$floor" "$floor_source" # built into the output folder: the shared tools folder is read-only
  # The floor's stream: 60 s of tone, CBR 128 kbps, 44.1 kHz stereo, no tags.
  ffmpeg -nostdin -v error -y -f lavfi -i sine=frequency=440:sample_rate=44100 -ac 2 -t 60 -c:a libmp3lame -b:a 128k \
    -write_xing 0 -id3v2_version 0 -f mp3 "$out/floor.mp3"
else
  echo "no floor server source at $floor_source: measuring the station only"
fi

icecast=""
if [ "${ICECAST:-1}" = 1 ] && [ -f "$icecast_ref" ]; then
  command -v icecast2 >/dev/null || scripts/setup-deps.sh icecast2
  icecast=$out/icecast
else
  echo "no reference icecast (ICECAST=0 or no $icecast_ref): measuring without it"
fi

pid=""
stop_server() {
  if [ "$pid" = icecast ]; then
    bash "$icecast_ref" stop "$icecast" > /dev/null
  elif [ -n "$pid" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  pid=""
}
trap stop_server EXIT

start_station() {
  rm -f "$out"/station.db*
  "$station" --config config/station.yaml --urls "http://127.0.0.1:$port" \
    --station:adminpassword=fanout-admin --station:sourcepassword=fanout-source --station:database="$out/station.db" \
    --station:data_folder="$out/data" --station:access_log="$out/access.log" --station:max_connections_per_ip=0 --station:max_listeners=60000 \
    --station:max_connections=60000 >> "$out/station.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 1; done
  # An operator's request first, as any station on air has had (a source or admin login): the first password check loads
  # OpenSSL for its SHA-256 (5.3 MB of RSS, once per process), which the title probe's request would otherwise add to
  # the listeners' memory.
  curl -fs -o /dev/null "http://admin:fanout-admin@127.0.0.1:$port/admin/stats" || echo "   (the admin request before the idle baseline failed)"
  sleep "$warmup" # past start-up: the idle baseline is the station on air, not starting
  mount=/stream.mp3
  probe=(--title-probe "http://admin:fanout-admin@127.0.0.1:$port/admin/metadata?mount=/stream.mp3&mode=updinfo&song=Fanout-<random>")
}

start_floor() {
  "$floor" -f "$out/floor.mp3" -p "$port" --tick-ms 500 > "$out/floor.log" 2>&1 &
  pid=$!
  sleep 2
  mount=/stream
  probe=()
}

start_icecast() {
  pid=icecast # first: a start that fails part-way is still stopped by the exit trap
  bash "$icecast_ref" start "$icecast" "$port" > "$out/icecast-start.log"
  server_pid=$(cat "$icecast/icecast.pid")
  sleep 5 # the source connected and a few titles set
  mount=/bench.mp3
  probe=()
}

for n in $counts; do
  for server in floor icecast station; do
    [ "$server" = floor ] && [ -z "$floor" ] && continue
    [ "$server" = icecast ] && [ -z "$icecast" ] && continue
    "start_$server"
    [ "$server" = icecast ] || server_pid=$pid
    echo "== $server, $n listeners"
    "${tester[@]}" -n "$n" --port "$port" --mount "$mount" --ramp "$ramp" --duration "$hold" --icy --pid "$server_pid" --json "${probe[@]}" \
      > "$out/$server-$n.json" 2> "$out/$server-$n.progress" || echo "   (the tester reported a failure: $out/$server-$n.json)"
    stop_server
    sleep 5 # let the kernel close the last run's sockets
  done
done

# Connection storms (part 4): 1,000 listeners already listening; 1,000 connect at once (all answered within 1 s?),
# then 3,000 at once, as after a network blip; the first group's longest gap shows whether their audio stalled.
if [ "${STORM:-1}" = 1 ]; then
  start_station
  echo "== station, connection storms"
  "${tester[@]}" -n 1000 --port "$port" --ramp 500 --duration 50 --icy --pid "$pid" --json > "$out/storm-steady.json" 2> "$out/storm-steady.progress" &
  steady=$!
  sleep 12
  "${tester[@]}" -n 1000 --port "$port" --ramp 0 --duration 5 --icy --json > "$out/storm-1000.json" 2> "$out/storm-1000.progress" || true
  "${tester[@]}" -n 3000 --port "$port" --ramp 0 --duration 5 --icy --json > "$out/storm-3000.json" 2> "$out/storm-3000.progress" || true
  wait "$steady" || true
  stop_server
  python3 - "$out" > "$out/storm.md" <<'PY' || echo "   (no storm summary: see $out/storm-*.json)"
import json, os, sys
out = sys.argv[1]
def load(name): return json.load(open(os.path.join(out, name)))
steady = load("storm-steady.json")
for n in (1000, 3000):
    r = load(f"storm-{n}.json")
    t = r["ttfb_ms"]
    print(f"{n:,} at once: served {r['listeners']['served']} of {n}, TTFB p50 {t['p50']:.0f} ms, p99 {t['p99']:.0f} ms, max {t['max']:.0f} ms")
g = steady["max_read_gap_ms"]
print(f"the 1,000 already listening: served {steady['listeners']['served']}, dropped {steady['listeners']['dropped_early']}, "
      f"longest read gap p99 {g['p99']:.0f} ms, max {g['max']:.0f} ms, sync losses {steady['mpeg']['sync_losses']}")
PY
  cat "$out/storm.md"
fi

python3 - "$out" ${REFERENCE_CSV:+"$REFERENCE_CSV"} <<'PY'
import csv, glob, json, os, sys
out = sys.argv[1]
rows = []
for path in sorted(glob.glob(os.path.join(out, "*-*.json"))):
    server, n = os.path.basename(path)[:-5].rsplit("-", 1)
    if server == "storm":
        continue
    try:
        r = json.load(open(path))
    except ValueError:
        continue
    s, l = r["server"], r["listeners"]
    rows.append(dict(server=server, listeners=int(n), connected=l["connected"], served=l["served"], dropped=l["dropped_early"],
                     failed=l["failed"], cpu_idle=s["cpu_idle_percent"], cpu_idle_after=s.get("cpu_idle_after_percent"),
                     cpu_hold=s["cpu_hold_percent"],
                     cpu_per_1000=s["cpu_percent_per_1000"], rss_before_mb=s["rss_before_mb"], rss_end_mb=s["rss_end_mb"],
                     rss_per_1000_mb=s["rss_mb_per_1000"], ttfb_p99_ms=r["ttfb_ms"]["p99"], max_gap_ms=r["max_read_gap_ms"]["max"],
                     throughput_min=r["throughput"]["after_burst_min_percent"],
                     throughput_paced_min=r["throughput"].get("paced_min_percent"), icy_invalid=r["icy_metadata"]["invalid"],
                     sync_losses=r["mpeg"]["sync_losses"],
                     title_p99_ms=(r.get("title_probe") or {}).get("p99_ms"), tester_cpu=r["tester"]["cpu_hold_percent"],
                     passed=r["passed"]))
for extra in sys.argv[2:]:
    rows += [dict(row, listeners=int(row["listeners"])) for row in csv.DictReader(open(extra))]
rows.sort(key=lambda x: (x["listeners"], x["server"]))
if not rows:
    sys.exit("no results")
with open(os.path.join(out, "fanout.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=list(dict.fromkeys(k for x in rows for k in x))) # older reference CSVs lack newer columns
    w.writeheader()
    w.writerows(rows)
def fmt(v, d=1):
    return "—" if v in (None, "") else f"{float(v):.{d}f}"
lines = ["| listeners | server | served / dropped / failed | CPU idle before / after, hold, % of a core | CPU per 1000 | RSS before | RSS per 1000, MB | TTFB p99, ms | max gap, ms | throughput min, % (life / paced) | ICY invalid / sync losses | title p99, ms |",
         "|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---|---:|"]
for x in rows:
    lines.append(f"| {x['listeners']:,} | {x['server']} | {x['served']} / {x['dropped']} / {x['failed']} | {fmt(x['cpu_idle'])} / {fmt(x.get('cpu_idle_after'))}, {fmt(x['cpu_hold'])} | {fmt(x['cpu_per_1000'], 2)} | "
                 f"{fmt(x['rss_before_mb'])} | {fmt(x['rss_per_1000_mb'], 2)} | {fmt(x['ttfb_p99_ms'])} | {fmt(x['max_gap_ms'], 0)} | "
                 f"{fmt(x['throughput_min'])} / {fmt(x.get('throughput_paced_min'))} | {x['icy_invalid']} / {x['sync_losses']} | {fmt(x['title_p99_ms'], 0)} |")
open(os.path.join(out, "fanout.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
# A plain SVG (no plotting library): CPU (left) and RSS (right) against listeners, one colour per server.
w, h, pad = 900, 420, 60
servers = sorted({x["server"] for x in rows})
colours = dict(zip(servers, ["#888888", "#1f5fbf", "#bf1f1f", "#2f9f2f"]))
top_n = max(x["listeners"] for x in rows)
top_cpu = max(float(x["cpu_hold"] or 0) for x in rows) * 1.1 or 1
top_rss = max(float(x["rss_end_mb"] or 0) for x in rows) * 1.1 or 1
def px(n): return pad + (w / 2 - 1.5 * pad) * n / top_n
def panel(offset, key, top, title):
    parts = [f'<line x1="{offset + pad}" y1="{h - pad}" x2="{offset + w / 2 - pad / 2}" y2="{h - pad}" stroke="black"/>',
             f'<text x="{offset + pad}" y="30">{title} (0 to {top:.0f})</text>',
             f'<text x="{offset + w / 4}" y="{h - 20}" text-anchor="middle">listeners (0 to {top_n:,})</text>']
    for s in servers:
        pts = [(x["listeners"], float(x[key] or 0)) for x in rows if x["server"] == s]
        poly = " ".join(f"{offset + px(n):.1f},{h - pad - (h - 2 * pad) * v / top:.1f}" for n, v in pts)
        parts.append(f'<polyline fill="none" stroke="{colours[s]}" stroke-width="2" points="{poly}"/>')
    return parts
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="12">',
       f'<rect width="{w}" height="{h}" fill="white"/>'] + panel(0, "cpu_hold", top_cpu, "CPU, % of one core") + \
      panel(w / 2, "rss_end_mb", top_rss, "RSS, MB")
svg += [f'<text x="{w - pad}" y="{50 + 16 * i}" fill="{colours[s]}" text-anchor="end">{s}</text>' for i, s in enumerate(servers)]
open(os.path.join(out, "fanout.svg"), "w").write("\n".join(svg + ["</svg>"]))
PY
echo "table: $out/fanout.md  CSV: $out/fanout.csv  plot: $out/fanout.svg"
