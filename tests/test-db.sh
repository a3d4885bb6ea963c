# test-db.sh: sourced by the CLI tests. test_db DIR NAME prints a fresh store for a test: DIR/NAME
# (a SQLite file), or, when AK_TEST_PG_HOST names the socket folder of a throwaway PostgreSQL
# server (tests/cli_pg.sh starts one), the URL of a new database on it.
test_db() {
    if [ -z "${AK_TEST_PG_HOST:-}" ]; then
        echo "$1/$2"
        return 0
    fi
    # named after the process and the store's name (each call runs in a subshell: no counter)
    _n="t_$$_$(printf '%s' "$2" | tr -c 'a-z0-9' '_')"
    psql -X -q -d "postgresql://postgres@/postgres?host=$AK_TEST_PG_HOST" -c "CREATE DATABASE $_n" >/dev/null || return 1
    echo "postgresql://postgres@/$_n?host=$AK_TEST_PG_HOST"
}
