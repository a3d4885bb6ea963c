#!/bin/sh
# cli_python.sh: the Python binding and the Dask run (python/tests, pytest) against this build's
# libakhbar.so. Under a sanitized build the ASan runtime is preloaded and only the binding runs.
set -u
: "${AK_BUILD_DIR:?set AK_BUILD_DIR to the build folder}"
src=${AK_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
py=${AK_PYTHON:-/usr/bin/python3}
[ -x "$py" ] || py=python3
if ! "$py" -c 'import pytest' 2>/dev/null; then
  echo "SKIP: pytest missing for $py (scripts/install-deps installs python3-pytest)"
  exit 0
fi
export AKHBAR_LIB="$AK_BUILD_DIR/libakhbar.so"
export AKHBAR="${AKHBAR:-$AK_BUILD_DIR/akhbar}"
export PYTHONDONTWRITEBYTECODE=1
set -- "$src/python/tests" -q -p no:cacheprovider -p no:logging
if ldd "$AKHBAR_LIB" 2>/dev/null | grep -q libasan; then
  # Python itself is not instrumented: load the runtime first, leave its leaks to it
  asan=$(ldd "$AKHBAR_LIB" | awk '/libasan/ { print $3 }')
  ubsan=$(ldd "$AKHBAR_LIB" | awk '/libubsan/ { print $3 }')
  export LD_PRELOAD="$asan${ubsan:+ $ubsan}"
  export ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" PYTHONMALLOC=malloc
  set -- "$src/python/tests/test_binding.py" -q -p no:cacheprovider -p no:logging
fi
exec "$py" -m pytest "$@"
