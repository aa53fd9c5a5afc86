#!/bin/sh
# goose-up.sh: apply goose-style SQL migrations with nothing but POSIX sh and psql.
#
# Runs inside the PostgreSQL image (busybox ash there, dash on Debian; no bash,
# no python). Environment:
#   PGHOST PGPORT PGUSER PGPASSWORD PGDATABASE  standard libpq settings
#   MIGRATIONS_DIR            directory of <version>_<name>.sql files (default /migrations)
#   CONNECT_TIMEOUT_SECONDS   how long to wait for the server to accept `select 1` (default 60)
#   TERMINATION_LOG           summary / error message target (default /dev/termination-log;
#                             skipped when it cannot be written; empty: none)
#   TMPDIR                    scratch space for the extracted Up parts (default /tmp)
#
# Behaviour:
# - Bookkeeping is goose-compatible: table goose_db_version (created with version 0 if
#   missing); a version is applied when its latest row (highest id) has is_applied.
#   Every psql session holds goose's advisory lock (pg_advisory_lock(4097083626)), so
#   two runners (or this and the goose CLI) never migrate the same database at once.
# - Files: only *.sql directly in MIGRATIONS_DIR (dot entries such as a ConfigMap's
#   ..data are ignored; symlinks to files are followed). The version is the digits
#   before the first '_' (leading zeros ignored: 001 == 1), sorted numerically.
#   A .sql name without such a prefix, a version of 0, more than 18 digits, or two
#   files with the same version is an error raised before anything is applied.
# - Up part: the lines after `-- +goose Up` up to `-- +goose Down` (or end of file;
#   lines before `-- +goose Up` are not run); a file without any +goose annotation
#   is all Up, a file with annotations but no Up (or two) is rejected. Annotations are matched the way
#   goose does (case-insensitive). Other lines are blanked, not removed, so psql's
#   line numbers are the file's. StatementBegin/StatementEnd are only comments to
#   psql, which splits statements itself (dollar quoting included).
# - Each pending file runs in ONE transaction together with its goose_db_version
#   insert, so a failing file leaves nothing behind and is not recorded.
#   `-- +goose NO TRANSACTION` is honoured like goose does: the statements run in
#   autocommit mode (e.g. CREATE INDEX CONCURRENTLY) and the version is recorded
#   after the last one succeeded; a failure there does not undo earlier statements.
#   `-- +goose ENVSUB ON` and unknown annotations are rejected.
# - Files older than the latest applied version that were never applied are applied
#   (goose's --allow-missing behaviour), in version order.
# - Stops at the first error with exit status 1. stderr and the termination log get
#     migration <file> failed: <psql error, starting at its ERROR: line>
#   (continuation lines such as LINE/DETAIL/HINT/CONTEXT follow, then
#   "(statement ending at line N of <file>)"), truncated to 3500 bytes. Other failures
#   are one line too (cannot connect ..., duplicate migration versions ..., ...).
#   On success the termination log gets: applied A, skipped S, latest version V
# - Never prints PGPASSWORD or a connection string given in PGDATABASE.

set -u
LC_ALL=C
export LC_ALL

MIGRATIONS_DIR=${MIGRATIONS_DIR:-/migrations}
CONNECT_TIMEOUT_SECONDS=${CONNECT_TIMEOUT_SECONDS:-60}
TERMINATION_LOG=${TERMINATION_LOG-/dev/termination-log}
PGCONNECT_TIMEOUT=${PGCONNECT_TIMEOUT:-10}
PGAPPNAME=${PGAPPNAME:-goose-up}
export PGCONNECT_TIMEOUT PGAPPNAME

GOOSE_LOCK_ID=4097083626
MAX_MESSAGE_BYTES=3500
ALREADY_MARKER='goose-up: already applied by a concurrent run'
tmpdir=

log() {
  printf 'goose-up: %s\n' "$*"
}

write_termination_log() {
  [ -n "$TERMINATION_LOG" ] || return 0
  (printf '%s\n' "$1" >"$TERMINATION_LOG") 2>/dev/null || true
}

# fail MESSAGE: report MESSAGE (truncated) on stderr and in the termination log, exit 1.
fail() {
  msg=$(printf '%s' "$1" | head -c "$MAX_MESSAGE_BYTES")
  printf '%s\n' "$msg" >&2
  write_termination_log "$msg"
  exit 1
}

psql_run() {
  psql -X -q -v ON_ERROR_STOP=1 "$@" </dev/null
}

# first_line FILE: the first non-empty line of FILE, whitespace squeezed.
first_line() {
  awk 'NF { $1 = $1; print; exit }' "$1"
}

case $CONNECT_TIMEOUT_SECONDS in
  '' | *[!0-9]*) fail "CONNECT_TIMEOUT_SECONDS must be a number of seconds, got '$CONNECT_TIMEOUT_SECONDS'" ;;
esac

# Where we connect, for messages: never a password, never a whole connection string.
db_label=${PGDATABASE:-<default database>}
case $db_label in
  *=* | *://*) db_label='<connection string>' ;;
esac
target="database $db_label at ${PGHOST:-<default host>}:${PGPORT:-5432} as ${PGUSER:-<default user>}"

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/goose-up.XXXXXX" 2>/dev/null) ||
  fail "cannot create a scratch directory under ${TMPDIR:-/tmp} (set TMPDIR to a writable directory)"
trap 'rm -rf "$tmpdir"' EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- collect files
[ -d "$MIGRATIONS_DIR" ] || fail "migrations directory $MIGRATIONS_DIR does not exist"

unsorted=$tmpdir/files.unsorted
sorted=$tmpdir/files
: >"$unsorted"
for path in "$MIGRATIONS_DIR"/*.sql; do
  [ -e "$path" ] || [ -L "$path" ] || continue # the pattern matched nothing
  name=${path##*/}
  if [ -d "$path" ]; then
    log "ignoring directory $name"
    continue
  fi
  if [ ! -f "$path" ] || [ ! -r "$path" ]; then fail "migration $name is not a readable file"; fi
  case $name in
    *[!A-Za-z0-9._-]*) fail "migration file name '$name' may only contain letters, digits, '.', '_' and '-'" ;;
    *_*) ;;
    *) fail "migration file name '$name' does not start with <version>_" ;;
  esac
  digits=${name%%_*}
  case $digits in
    '' | *[!0-9]*) fail "migration file name '$name' does not start with <version>_ (digits, then '_')" ;;
  esac
  version=$(printf '%s\n' "$digits" | sed 's/^0*//')
  [ -n "$version" ] || fail "migration $name has version 0, which goose reserves"
  [ "${#version}" -le 18 ] || fail "migration $name: version $version has more than 18 digits"
  printf '%s %s %s\n' "${#version}" "$version" "$name" >>"$unsorted"
done
# Numeric order without arithmetic: shorter numbers first, then digit by digit.
sort -k1,1n -k2,2 -k3,3 "$unsorted" >"$sorted"

duplicates=$(awk '$2 == prev { printf "%s%s and %s (version %s)", sep, prevname, $3, $2; sep = "; " }
                  { prev = $2; prevname = $3 }' "$sorted")
[ -z "$duplicates" ] || fail "duplicate migration versions: $duplicates; nothing was applied"

total=$(awk 'END { print NR }' "$sorted")
log "$total migration file(s) in $MIGRATIONS_DIR; $target"

# ----------------------------------------------------------- wait for the server
connect_err=$tmpdir/connect.err
deadline=$(($(date +%s) + CONNECT_TIMEOUT_SECONDS))
waited=
until psql -X -q -At -c 'select 1' </dev/null >/dev/null 2>"$connect_err"; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    fail "cannot connect to $target within ${CONNECT_TIMEOUT_SECONDS}s: $(first_line "$connect_err")"
  fi
  if [ -z "$waited" ]; then
    log "waiting up to ${CONNECT_TIMEOUT_SECONDS}s for $target: $(first_line "$connect_err")"
    waited=1
  fi
  sleep 1
done
[ -z "$waited" ] || log "connected"

# ----------------------------------------------------------------- bookkeeping
lock_sql="select count(*) as goose_lock from (select pg_advisory_lock($GOOSE_LOCK_ID)) as l \\gset"
applied_sql="select version_id from (select distinct on (version_id) version_id, is_applied
  from goose_db_version order by version_id, id desc) as latest where is_applied"

setup_err=$tmpdir/setup.err
cat >"$tmpdir/setup.sql" <<EOF
set client_min_messages = warning;
$lock_sql
create table if not exists goose_db_version (
  id serial primary key,
  version_id bigint not null,
  is_applied boolean not null,
  tstamp timestamp default now()
);
insert into goose_db_version (version_id, is_applied)
  select 0, true where not exists (select 1 from goose_db_version);
EOF
psql_run -f "$tmpdir/setup.sql" >/dev/null 2>"$setup_err" ||
  fail "cannot prepare goose_db_version in $target: $(first_line "$setup_err")"

applied_versions=$(psql_run -At -c "$applied_sql" 2>"$setup_err") ||
  fail "cannot read goose_db_version in $target: $(first_line "$setup_err")"

# ------------------------------------------------------------------ Up extraction
# extract_up FILE OUT: writes FILE's Up part to OUT (other lines blanked) and prints
# "tx" or "notx"; prints "error: ..." for a file it cannot run.
extract_up() {
  awk -v out="$2" '
    function annotation(s) {
      sub(/^[ \t]+/, "", s)
      if (substr(s, 1, 2) != "--") return ""
      s = substr(s, 3)
      sub(/^[ \t]+/, "", s)
      if (tolower(substr(s, 1, 6)) != "+goose") return ""
      s = tolower(substr(s, 7))
      gsub(/[ \t\r]+/, " ", s)
      sub(/^ /, "", s)
      sub(/ $/, "", s)
      return s == "" ? "(empty)" : s
    }
    {
      line[NR] = $0
      a = annotation($0)
      kind[NR] = a
      if (a == "up") ups++
      else if (a == "down") downs++
      else if (a == "no transaction") notx = 1
      else if (a == "envsub on") bad = bad " \"-- +goose ENVSUB ON\" (line " NR ", not supported)"
      else if (a != "" && a != "statementbegin" && a != "statementend" && a != "envsub off")
        bad = bad " unknown annotation \"-- +goose " a "\" (line " NR ")"
      if (a != "") annotated = 1
    }
    END {
      if (bad != "") { print "error:" bad; exit }
      if (ups > 1) { print "error: more than one \"-- +goose Up\""; exit }
      if (ups == 0 && annotated) { print "error: has +goose annotations but no \"-- +goose Up\""; exit }
      state = ups == 0 ? "up" : "before"
      for (i = 1; i <= NR; i++) {
        if (kind[i] == "up") state = "up"
        else if (kind[i] == "down") state = "down"
        if (state == "up" && kind[i] != "up") print line[i] > out
        else print "" > out
      }
      if (NR == 0) printf "" > out
      close(out)
      print notx ? "notx" : "tx"
    }
  ' "$1"
}

# error_message NAME UPFILE STDERR: psql's error from its ERROR:/FATAL: line on,
# psql's "psql:<file>:<line>: " prefixes removed, then where it happened.
error_message() {
  awk -v name="$1" -v up="psql:$2:" '
    !started && $0 !~ /(ERROR|FATAL|PANIC|error):/ { next }
    { started = 1 }
    index($0, up) == 1 {
      rest = substr($0, length(up) + 1)
      n = rest
      sub(/:.*/, "", n)
      sub(/^[0-9]+: /, "", rest)
      if (where == "" && n ~ /^[0-9]+$/) where = n
      print rest
      next
    }
    match($0, /^psql:[^ ]*:[0-9]+: /) { print substr($0, RLENGTH + 1); next }
    { print }
    END { if (where != "") print "(statement ending at line " where " of " name ")" }
  ' "$3"
}

# ------------------------------------------------------------------- apply loop
applied=0
skipped=0
while read -r _length version name; do
  case "
$applied_versions
" in
    *"
$version
"*)
      log "skipped $name (version $version already applied)"
      skipped=$((skipped + 1))
      continue
      ;;
  esac

  upfile=$tmpdir/$name
  mode=$(extract_up "$MIGRATIONS_DIR/$name" "$upfile") ||
    fail "migration $name failed: cannot read it"
  case $mode in
    tx)
      begin='begin;'
      commit='commit;'
      ;;
    notx)
      begin='-- NO TRANSACTION: statements run in autocommit mode'
      commit=
      ;;
    *) fail "migration $name failed: ${mode#error: }" ;;
  esac

  driver=$tmpdir/driver.sql
  cat >"$driver" <<EOF
$lock_sql
select exists (select 1 from ($applied_sql) as a where version_id = $version) as goose_already \\gset
\\if :goose_already
\\echo '$ALREADY_MARKER'
\\else
$begin
\\i '$upfile'
insert into goose_db_version (version_id, is_applied) values ($version, true);
$commit
\\endif
EOF

  note=
  [ "$mode" = tx ] || note=', NO TRANSACTION'
  log "applying $name (version $version$note)"
  out=$tmpdir/psql.out
  err=$tmpdir/psql.err
  if psql_run -f "$driver" >"$out" 2>"$err"; then
    cat "$out"
    cat "$err" >&2
    if grep -qx "$ALREADY_MARKER" "$out"; then
      skipped=$((skipped + 1))
      log "skipped $name (version $version was applied by a concurrent run)"
    else
      applied=$((applied + 1))
      log "applied $name"
    fi
  else
    rc=$?
    cat "$out"
    cat "$err" >&2
    detail=$(error_message "$name" "$upfile" "$err")
    [ -n "$detail" ] || detail=$(awk 'NF' "$err")
    [ -n "$detail" ] || detail="psql exited with status $rc"
    if [ "$mode" = notx ]; then
      detail="$detail
(NO TRANSACTION migration: statements before the failing one were not rolled back)"
    fi
    fail "migration $name failed: $detail"
  fi
done <"$sorted"

latest=$(psql_run -At -c "select coalesce(max(version_id), 0) from ($applied_sql) as a" 2>"$setup_err") ||
  fail "applied $applied migration(s) but cannot read goose_db_version: $(first_line "$setup_err")"

summary="applied $applied, skipped $skipped, latest version $latest"
log "$summary"
write_termination_log "$summary"
exit 0
