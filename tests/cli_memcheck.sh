#!/bin/bash
# cli_memcheck.sh: the CLI end to end over examples/ and the seeds under a memory checker:
# valgrind memcheck on a normal build (invalid reads/writes, uninitialised values,
# definite leaks), or nothing extra on an AddressSanitizer build, whose own checks
# (and LeakSanitizer) run inside the binary. Behaviour is other tests' business: here a
# command may exit 0 or 1; a memory error (exit 99), an abort or a signal fails.
set -u
fail() { echo "FAIL: $*"; exit 1; }
: "${AKHBAR:?}" "${AK_SOURCE_DIR:?}"
SEEDS="${AK_SHARED_DIR:-$AK_SOURCE_DIR/../shared}/seeds"
EXAMPLES="$AK_SOURCE_DIR/examples"
T=$(mktemp -d "${TMPDIR:-/tmp}/ak_cli_memcheck.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
unset AKHBAR_DB

if ldd "$AKHBAR" 2>/dev/null | grep -q 'libasan\|libclang_rt.asan' || nm "$AKHBAR" 2>/dev/null | grep -q ' __asan_init'; then
    CHECK=(); how="AddressSanitizer (in the binary)"
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}exitcode=99:detect_leaks=1"
    export UBSAN_OPTIONS="${UBSAN_OPTIONS:+$UBSAN_OPTIONS:}halt_on_error=1:exitcode=99"
elif command -v valgrind >/dev/null; then
    CHECK=(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
           --show-leak-kinds=definite --track-origins=no --log-file="$T/vg.%p.log")
    how="valgrind memcheck"
else
    echo "skip: no valgrind and not an ASan build"; exit 0
fi

n=0
# check NAME CMD...: runs the akhbar command under the checker; exit 0/1 pass, 2 is a
# usage error of this test, anything else (99 = a memory error) fails with the log
check() {
    local name=$1 rc; shift
    "${CHECK[@]}" "$AKHBAR" "$@" >"$T/out" 2>"$T/err" </dev/null
    rc=$?
    n=$((n + 1))
    if [ $rc -gt 1 ]; then
        cat "$T"/vg.*.log 2>/dev/null | head -60
        head -40 "$T/err"
        fail "$name: exit $rc under $how: akhbar $*"
    fi
    rm -f "$T"/vg.*.log
}

cat "$SEEDS"/*.txt >"$T/seeds.txt"
# the main job over both corpora (ingest, every analysis stage, both reports); valgrind
# slows each command 20-40x, so the text commands share one run over all the seeds
check "run examples" run --db "$T/ex.db" --out "$T/ex-out" "$EXAMPLES"
check "run seeds" run --db "$T/s.db" --out "$T/s-out" "$SEEDS"
# the text, date and entity commands over the seeds (ner loads the model)
check "tokens" tokens "$T/seeds.txt"
check "timex" timex "$T/seeds.txt"
check "ner" ner "$T/seeds.txt"
# bad input takes the error paths
printf '{"id":"x","text":"\377"}\n{"id":\n[1]\n{"id":"y"}\n' >"$T/bad.jsonl"
check "ingest bad" ingest --db "$T/s.db" "$T/bad.jsonl" /nonexistent
head -c 3000 /dev/urandom >"$T/bad.db"
check "corrupt db" ingest --db "$T/bad.db" "$SEEDS"
echo "ok: $n commands clean under $how"
