# What the benchmark scripts share; sourced by each, after it sets
# bench_name (for messages). It makes the run's folder, $work, and removes
# it, and stops every server in pids, on exit.

work=$(mktemp -d)
pids=()

stop_servers() {
	# The servers are not this shell's children (start runs them from a
	# command substitution's subshell): each is waited for by polling.
	local pid
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	for pid in "${pids[@]}"; do
		for _ in $(seq 1 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
	done
	pids=()
}

cleanup() {
	stop_servers
	rm -rf "$work"
}
trap cleanup EXIT

free_port() {
	# Below Linux's ephemeral range, and used by no socket at all: runs of
	# many sessions leave thousands of client ports in TIME_WAIT.
	local port
	while :; do
		port=$((20000 + RANDOM % 12000))
		[ "$(ss -tanH "sport = :$port" | wc -l)" = 0 ] && { echo "$port"; return; }
	done
}

wait_for_port() {
	for _ in $(seq 1 200); do
		ss -ltn "sport = :$1" | grep -q LISTEN && return 0
		sleep 0.05
	done
	echo "$bench_name: nothing listens on port $1; the servers said:" >&2
	tail -n 5 "$work"/*.log >&2
	return 1
}

start() {  # start LOG COMMAND...: pinned to CPU 0; prints the pid
	local log=$1
	shift
	taskset -c 0 "$@" >"$log" 2>&1 &
	echo $!
}

declare -A results
record() {  # record KEY VALUE
	results["$1"]+="$2 "
}

median() {  # median KEY: of the values recorded under KEY; 0 if none
	tr ' ' '\n' <<<"${results["$1"]:-}" | grep . | sort -g |
		awk '{v[NR]=$1} END {if (NR == 0) print 0; else if (NR % 2) print v[(NR+1)/2]; else printf "%.10g\n", (v[NR/2]+v[NR/2+1])/2}'
}
