#!/usr/bin/env bash
# Runs the whole benchmark suite (bench/README.md): builds Release, installs the Node servers' packages, then starts
# the runner pinned to the generator core; the runner starts each server pinned to the server core, runs every
# scenario, stops the servers, prints the table and writes bench/results/<timestamp>.json.
#
#   bash bench/run.sh [--quick] [--runs N] [--servers tether,node,kestrel-ws,node-ws] [--scenarios connect,memory,...]
#   bash bench/run.sh compare OLD.json NEW.json
#
# Environment: BENCH_SERVER_CPUS (default 0) and BENCH_GEN_CPUS (default 1) choose the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
loadgen="$root/bench/LoadGen/bin/Release/net10.0/LoadGen.dll"
server_cpus=${BENCH_SERVER_CPUS:-0}
gen_cpus=${BENCH_GEN_CPUS:-1}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Other builds may hold files in obj/ for a moment: retry a failed build a few times before giving up.
build() {
  local attempt
  for attempt in 1 2 3; do
    if dotnet build "$1" -c Release -v q -nologo -clp:ErrorsOnly >"$2" 2>&1; then return 0; fi
    grep -qiE "being used by another process|cannot access the file" "$2" || return 1
    sleep 3
  done
  return 1
}

if [ "${1:-}" = "compare" ]; then
  [ -f "$loadgen" ] || build bench/LoadGen/LoadGen.csproj /dev/stderr
  exec dotnet "$loadgen" "$@"
fi

# Each held connection costs a descriptor in the server and one in the generator: take the hard limit.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
echo "==> building Release"
build bench/LoadGen/LoadGen.csproj "$logs/loadgen.log" || { cat "$logs/loadgen.log"; exit 1; }
build bench/raw-ws/kestrel/RawWsEcho.csproj "$logs/raw.log" || { cat "$logs/raw.log"; exit 1; }
extra=()
if ! build backend/hosts/BenchHost/BenchHost.csproj "$logs/benchhost.log"; then
  # Report it loudly but still measure the other servers, so the suite itself can be checked.
  echo "!! BenchHost does not build; 'tether' is left out of this run:"
  grep -E "error" "$logs/benchhost.log" | sort -u | head -20
  case " $* " in *" --servers "*) ;; *) extra=(--servers node,kestrel-ws,node-ws) ;; esac
fi

for dir in bench/node-server bench/raw-ws/node; do
  if [ ! -d "$dir/node_modules" ]; then
    echo "==> npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  fi
done

# Generator-only setting: run socket continuations on the epoll thread (no hop to the thread pool), which keeps the
# generator cheap on its single core. The runner removes it from the servers' environment.
export DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1
echo "==> generator on CPU $gen_cpus, servers on CPU $server_cpus, open files $(ulimit -n)"
exec taskset -c "$gen_cpus" dotnet "$loadgen" suite --server-cpus "$server_cpus" "$@" "${extra[@]}"
