#!/usr/bin/env bash
# pocows' file side against curl: HEAD, ranges, conditional requests, HTTP/1.0.
# Every check compares exact statuses, headers and bytes.
set -euo pipefail

base="http://127.0.0.1:$POCOWS_PORT"
pattern="$POCOWS_DOCROOT/files/pattern.bin"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failed=0

expect() {
	local what=$1; shift
	if "$@"; then echo "ok: $what"; else echo "FAILED: $what"; failed=1; fi
}

# Fetches a URL: headers to $work/head (CR removed), body to $work/body; prints the status.
fetch() {
	# curl leaves the output file alone when there is no body.
	rm -f "$work/body"
	curl -sS --max-time 10 -D "$work/head.raw" -o "$work/body" -w '%{http_code}' "$@"
	tr -d '\r' < "$work/head.raw" > "$work/head"
}

header() {
	sed -n "s/^$1: //Ip" "$work/head" | head -n 1
}

same_bytes() {
	cmp -s "$1" "$2"
}

echo "info: $(curl --version | head -n 1)"

# HEAD: the same headers as GET, no body.
status=$(fetch -I "$base/index.html")
expect "HEAD /index.html is 200" test "$status" = 200
expect "HEAD has Content-Type text/html; charset=utf-8" test "$(header Content-Type)" = "text/html; charset=utf-8"
expect "HEAD has the file's Content-Length" test "$(header Content-Length)" = "$(stat -c %s "$POCOWS_DOCROOT/index.html")"
# A body after HEAD's headers would be read as the start of the next answer
# on the same connection.
curl -sS --max-time 10 -I -o /dev/null "$base/index.html" --next -o "$work/after-head" "$base/files/pattern.bin"
expect "HEAD has no body: the next answer on the connection is intact" same_bytes "$work/after-head" "$pattern"
etag=$(header ETag)
modified=$(header Last-Modified)
expect "HEAD has an ETag and Last-Modified" test -n "$etag" -a -n "$modified"

status=$(fetch "$base/index.html")
expect "GET /index.html is 200 with the file's bytes" test "$status" = 200 -a "$(cmp -s "$work/body" "$POCOWS_DOCROOT/index.html" && echo same)" = same
expect "GET carries the same ETag as HEAD" test "$(header ETag)" = "$etag"

# Ranges: from-to, open-ended, suffix, and past the end.
status=$(fetch -r 100-199 "$base/files/pattern.bin")
head -c 200 "$pattern" | tail -c 100 > "$work/expected"
expect "range 100-199 is 206 with bytes 100..199" test "$status" = 206 -a "$(same_bytes "$work/body" "$work/expected" && echo same)" = same
expect "range 100-199 has Content-Range bytes 100-199/100000" test "$(header Content-Range)" = "bytes 100-199/100000"
status=$(fetch -r 99990- "$base/files/pattern.bin")
tail -c 10 "$pattern" > "$work/expected"
expect "range 99990- is 206 with the last 10 bytes" test "$status" = 206 -a "$(same_bytes "$work/body" "$work/expected" && echo same)" = same
status=$(fetch -r -5 "$base/files/pattern.bin")
tail -c 5 "$pattern" > "$work/expected"
expect "suffix range -5 is 206 with the last 5 bytes" test "$status" = 206 -a "$(same_bytes "$work/body" "$work/expected" && echo same)" = same
status=$(fetch -r 200000-300000 "$base/files/pattern.bin")
expect "range past the end is 416 with Content-Range bytes */100000" test "$status" = 416 -a "$(header Content-Range)" = "bytes */100000"
status=$(fetch -r 0-0,10-19 "$base/files/pattern.bin")
expect "several ranges get the whole file with 200" test "$status" = 200 -a "$(same_bytes "$work/body" "$pattern" && echo same)" = same

# Conditional requests.
status=$(fetch -H "If-None-Match: $etag" "$base/index.html")
expect "If-None-Match with the ETag is 304 without a body" test "$status" = 304 -a ! -s "$work/body"
status=$(fetch -H "If-Modified-Since: $modified" "$base/index.html")
expect "If-Modified-Since the Last-Modified is 304" test "$status" = 304
status=$(fetch -H 'If-None-Match: "other"' -H "If-Modified-Since: $modified" "$base/index.html")
expect "If-None-Match that does not match wins over If-Modified-Since: 200" test "$status" = 200
status=$(fetch -z "$modified" "$base/index.html")
expect "curl -z (If-Modified-Since from curl) is 304" test "$status" = 304
status=$(fetch -r 0-9 -H "If-Range: $etag" "$base/index.html")
expect "If-Range with the current ETag keeps the range: 206" test "$status" = 206
status=$(fetch -r 0-9 -H 'If-Range: "stale"' "$base/index.html")
expect "If-Range with another ETag gets the whole file: 200" test "$status" = 200

# HTTP/1.0: answered in HTTP/1.0 terms, and the connection closes.
status=$(fetch --http1.0 "$base/files/pattern.bin")
expect "HTTP/1.0 GET is 200 with the whole file" test "$status" = 200 -a "$(same_bytes "$work/body" "$pattern" && echo same)" = same
expect "HTTP/1.0 answer has no chunked encoding" test -z "$(header Transfer-Encoding)"
expect "HTTP/1.0 answer is not kept alive" test "$(header Connection | tr A-Z a-z)" != keep-alive

# Directories and missing files.
status=$(fetch "$base/files/sub")
expect "a directory without its slash is 301 to the slash" test "$status" = 301 -a "$(header Location)" = "/files/sub/"
status=$(fetch -L "$base/files/sub")
expect "following it serves the directory's index.html" test "$status" = 200 -a "$(cat "$work/body")" = "plain text"
status=$(fetch "$base/no-such-file")
expect "a missing file is 404" test "$status" = 404
status=$(fetch --path-as-is "$base/../etc/passwd")
expect "a path climbing out of the docroot is 400 or 404" test "$status" = 400 -o "$status" = 404

if [ "$failed" -ne 0 ]; then
	echo "curl: some checks failed"
	exit 1
fi
echo "curl: all checks passed"
