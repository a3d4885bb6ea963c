#!/usr/bin/env bash
# cli_help.sh: the CLI contract for every subcommand: --help prints one usage line on stdout and
# exits 0; an unknown option exits 2 with the message and the usage on stderr, once.
set -uo pipefail
fail() { echo "FAIL: $*" >&2; exit 1; }
cmds=$("$AKHBAR" --help | awk '/^  [a-z]+ / { print $1 }')
[ -n "$cmds" ] || fail "akhbar --help lists no commands"
for c in $cmds; do
    out=$("$AKHBAR" "$c" --help 2>/dev/null) || fail "$c --help: exit $?"
    [ "$(grep -c "^usage: akhbar $c " <<<"$out")" = 1 ] || fail "$c --help: no single usage line: $out"
    err=$("$AKHBAR" "$c" --no-such-option 2>&1 >/dev/null)
    st=$?
    [ "$st" = 2 ] || fail "$c --no-such-option: exit $st, not 2"
    grep -q -- "--no-such-option" <<<"$err" || fail "$c: the message does not name the option: $err"
    [ "$(grep -o "usage: akhbar $c" <<<"$err" | wc -l)" = 1 ] || fail "$c: usage printed more than once: $err"
done
echo "ok: $(wc -w <<<"$cmds") commands"
