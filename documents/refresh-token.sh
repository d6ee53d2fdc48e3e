#!/bin/sh
# Applies one version of the Hugging Face token from SSM Parameter Store to a docker compose
# project's .env file, recreates the service and checks that the running container has the new
# token. The SSM agent runs it as root under sh (dash on Ubuntu); the document's prologue turns
# each document parameter into one of the environment variables below.
#
# Inputs (an empty value means the default):
#   TOKEN_PARAMETER         name of the SecureString parameter (required)
#   TOKEN_VERSION           version number, or the label `desired` (required)
#   COMPOSE_PROJECT_DIR     compose project directory (required)
#   ENV_FILE                .env file to rewrite (default: $COMPOSE_PROJECT_DIR/.env)
#   ENV_KEY                 variable that holds the token (default: HF_TOKEN)
#   COMPOSE_SERVICE         service to recreate (default: whisperx_cuda)
#   HEALTH_URL              loopback health endpoint (default: http://localhost:8000/health)
#   HEALTH_TIMEOUT_SECONDS  seconds to wait for HTTP 200 after a recreate (default: 120)
#   STOP_TIMEOUT_SECONDS    seconds compose gives the old container to stop (default: 30)
#   STATE_DIR               applied-version state, lock and .env backup (default: /var/lib/hf-token-rotation)
#   ROLLBACK                `true` allows a version older than the applied one (default: false)
#   LOCK_TIMEOUT_SECONDS    seconds to wait for a concurrent run to finish (default: 300)
#   HUB_CHECK_URL           when set, the new token is checked against $HUB_CHECK_URL/api/whoami-v2
#                           before the .env changes: https://huggingface.co, or an http URL on
#                           localhost or 127.0.0.1 (default: empty, no check)
#   AWS_REGION, else AWS_SSM_REGION_NAME (set by the SSM agent): region passed to the aws CLI.
#   AWS_SSM_INSTANCE_ID (set by the SSM agent): instance id for the inventory report. Without it
#                           the report is skipped; the instance metadata service is never asked.
#   FALLBACK_PATH           directories appended to PATH when PATH lacks them, because the agent's
#                           PATH may lack /usr/local/bin (AWS CLI v2 installer) or /snap/bin
#                           (default: /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin;
#                           unlike the inputs above, an empty value appends nothing)
#
# Output: progress and tool output on stderr (compose's output cut to its last 20 lines). The last
# line of stdout, and the only one, is
#   HF_TOKEN_ROTATION_RESULT {"status":..,"version":..,"previousVersion":..,"fingerprint":..,"parameter":..}
# with "step" and "message" added on failure (and "message" for warnings on success). The status
# is applied, unchanged, rolled_back or failed; the exit status is 0 only for applied and unchanged.
# "step" names where it failed, in run order: input, tools, lock, fetch, validate, version_guard,
# hub_check, rewrite, recreate, health, verify, state; a failed rollback reports restore or
# rollback_recreate, and a run ended by SIGTERM, SIGINT or SIGHUP reports cancelled.
#
# Once the version is fetched, every run reports what the instance now runs as the SSM Inventory
# item Custom:HfTokenRotation (aws ssm put-inventory: parameter, version, fingerprint, status and
# when that version was applied). A failed report is a warning in the message, never a failure.
#
# The token value lives only in shell variables, pipes (to awk, sha256sum and curl's stdin), the
# environment of one awk process, the .env file and its one backup ($STATE_DIR/env.backup). It never reaches the argv of a child
# process, stdout, stderr or any other file, so this script must never run with `set -x`.
# It relies on printf being a shell builtin, as it is in dash and bash.
#
# NOTE: the SSM agent ends a cancelled or timed-out command with SIGKILL to the whole process
# group (amazon-ssm-agent, agent/executers/executers_unix.go), which no trap can catch. The .env
# is only ever replaced by rename, so it is always either the old or the new file, and the next
# run removes the temporary files of a killed run and keeps the backup from before it.

set -eu
umask 077
LC_ALL=C
export LC_ALL

RESULT_PREFIX='HF_TOKEN_ROTATION_RESULT'
# Keeps the result line far below the 2,500 characters that ListCommandInvocations keeps.
MESSAGE_MAX_CHARS=300
# SSM limits a parameter name, including its ARN, to 1011 characters.
PARAMETER_MAX_CHARS=1011
# A lock directory without an owner pid is stale after this many seconds.
LOCK_DIR_GRACE_SECONDS=60
# Lines and characters per line of compose output copied to stderr. Pull progress can run to
# megabytes, and GetCommandInvocation keeps only the first 8,000 characters of stderr.
TOOL_OUTPUT_MAX_LINES=20
TOOL_OUTPUT_MAX_COLUMNS=200
INVENTORY_TYPE='Custom:HfTokenRotation'
DEFAULT_FALLBACK_PATH='/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/snap/bin'
TAB=$(printf '\t')
CR=$(printf '\r')
NL='
'

# Rewrites one assignment of a compose .env file read on stdin and writes the result to stdout.
# Environment: HF_ROTATION_KEY is the variable name, HF_ROTATION_VALUE its new value already
# quoted for compose (the value travels in the environment because argv is visible in `ps`).
# -v final_newline=1 means the input ends with a line break. Every other line is copied byte for
# byte. The first assignment of the key keeps its prefix (indentation, `export`, spaces around
# `=`) and line ending, later assignments of the key are dropped, and a missing key is appended.
# Continuation lines of multi-line quoted values are tracked so that they are never mistaken for
# assignments, following compose v2's reading rules (a backslash escapes the next character).
# shellcheck disable=SC2016 # the $ signs belong to awk
ENV_REWRITE_AWK='
function closing_quote_found(text, quote,    i, c, escaped) {
  escaped = 0
  for (i = 1; i <= length(text); i++) {
    c = substr(text, i, 1)
    if (escaped) { escaped = 0; continue }
    if (c == "\\") { escaped = 1; continue }
    if (c == quote) return 1
  }
  return 0
}
function emit(text) {
  if (have_pending) printf "%s\n", pending
  pending = text
  have_pending = 1
  last_record_emitted = 1
}
BEGIN {
  key = ENVIRON["HF_ROTATION_KEY"]
  value = ENVIRON["HF_ROTATION_VALUE"]
  single_quote = "\047"
  open_quote = ""
  replaced = 0
  crlf = 0
}
{
  last_record_emitted = 0
  raw = $0
  body = raw
  line_end = ""
  if (sub(/\r$/, "", body)) line_end = "\r"
  if (NR == 1 && line_end != "") crlf = 1

  if (open_quote != "") {
    if (closing_quote_found(body, open_quote)) open_quote = ""
    if (!drop_continuation) emit(raw)
    next
  }

  bom = ""
  if (NR == 1 && substr(body, 1, 3) == "\357\273\277") {
    bom = substr(body, 1, 3)
    body = substr(body, 4)
  }
  if (!match(body, /^[ \t]*(export[ \t]+)?[A-Za-z0-9_.-]+[ \t]*[=:][ \t]*/)) {
    emit(raw)
    next
  }
  prefix = substr(body, 1, RLENGTH)
  rest = substr(body, RLENGTH + 1)
  name = prefix
  sub(/[ \t]*[=:][ \t]*$/, "", name)
  sub(/^[ \t]*/, "", name)
  if (name ~ /^export[ \t]+[A-Za-z0-9_.-]+$/) sub(/^export[ \t]+/, "", name)

  quote = substr(rest, 1, 1)
  opens = 0
  if ((quote == single_quote || quote == "\"") && !closing_quote_found(substr(rest, 2), quote)) opens = 1

  if (name == key) {
    if (!replaced) {
      emit(bom prefix value line_end)
      replaced = 1
    }
    if (opens) { open_quote = quote; drop_continuation = 1 }
    next
  }
  if (opens) { open_quote = quote; drop_continuation = 0 }
  emit(raw)
}
END {
  if (!replaced) {
    if (have_pending) printf "%s\n", pending
    printf "%s=%s%s\n", key, value, (crlf ? "\r" : "")
    exit
  }
  if (have_pending) {
    if (final_newline || !last_record_emitted) printf "%s\n", pending
    else printf "%s", pending
  }
}
'

# Result fields and run state, filled in as the steps go on.
current_step='input'
result_parameter=''
resolved_version=''
previous_version=''
new_fingerprint=''
result_printed=0
env_rewritten=0
rolling_back=0
rollback_interrupted=0
work_dir=''
tmp_env=''
tmp_backup=''
lock_dir=''
health_detail=''
run_warnings=''
compose_variant=''
aws_region=''
applied_version=''
applied_fingerprint=''
applied_at=''
# 1 once the version is fetched: from then on every result is reported to SSM Inventory.
inventory_due=0
# 1 from the .env rewrite until the run is verified or the rollback recreated the service: then
# the container may run either version, so the inventory report reads it.
env_touched=0
# 1 once the running container was verified to run the new version.
new_version_running=0

log() {
  printf 'hf-token-rotation: %s\n' "$*" >&2
}

# Records a warning for the result message and logs it.
add_warning() {
  if [ -n "$run_warnings" ]; then run_warnings="$run_warnings; $1"; else run_warnings=$1; fi
  log "warning: $1"
}

# Prints the first $2 bytes of $1.
truncate_text() {
  # shellcheck disable=SC2059 # the precision is a number computed here
  printf "%.${2}s" "$1"
}

# Prints $1 as a JSON string of at most $2 characters. Only printable ASCII is kept (anything
# else becomes a space) and quotes and backslashes are escaped. Pure shell, so that a result can
# be printed even when the tools step found tr, sed or cut missing.
json_string() {
  json_rest=$1
  json_limit=${2:-100000}
  json_out=''
  json_count=0
  while [ -n "$json_rest" ] && [ "$json_count" -lt "$json_limit" ]; do
    json_tail=${json_rest#?}
    json_char=${json_rest%"$json_tail"}
    json_rest=$json_tail
    json_count=$((json_count + 1))
    case $json_char in
      '"' | \\) json_out="$json_out\\$json_char" ;;
      [[:print:]]) json_out="$json_out$json_char" ;;
      *) json_out="$json_out " ;;
    esac
  done
  printf '"%s"' "$json_out"
}

json_or_null() {
  if [ -n "$1" ]; then json_string "$1"; else printf 'null'; fi
}

# Removes every temporary file of this run (some may contain the token) and releases the lock.
cleanup() {
  if [ -n "$tmp_env" ]; then rm -f -- "$tmp_env" || true; fi
  if [ -n "$tmp_backup" ]; then rm -f -- "$tmp_backup" || true; fi
  if [ -n "$work_dir" ]; then rm -rf -- "$work_dir" || true; fi
  if [ -n "$lock_dir" ]; then rm -rf -- "$lock_dir" || true; fi
  tmp_env=''
  tmp_backup=''
  work_dir=''
  lock_dir=''
}

# Reports to inventory, prints the result line, cleans up and exits: 0 for applied and
# unchanged, 1 otherwise. Warnings follow the message, which is cut first so that they fit.
finish() {
  result_status=$1
  result_step=${2-}
  result_message=${3-}
  report_inventory "$result_status" || true
  cleanup
  if [ -n "$run_warnings" ]; then
    if [ -n "$result_message" ]; then
      message_room=$((MESSAGE_MAX_CHARS - ${#run_warnings} - 11))
      if [ "$message_room" -lt 120 ]; then message_room=120; fi
      result_message="$(truncate_text "$result_message" "$message_room"); warnings: $run_warnings"
    else
      result_message=$run_warnings
    fi
  fi
  line="{\"status\":\"$result_status\""
  line="$line,\"version\":$(json_or_null "$resolved_version")"
  line="$line,\"previousVersion\":$(json_or_null "$previous_version")"
  line="$line,\"fingerprint\":$(json_or_null "$new_fingerprint")"
  line="$line,\"parameter\":$(json_or_null "$result_parameter")"
  if [ -n "$result_step" ]; then
    line="$line,\"step\":$(json_string "$result_step")"
  fi
  if [ -n "$result_message" ]; then
    line="$line,\"message\":$(json_string "$result_message" "$MESSAGE_MAX_CHARS")"
  fi
  result_printed=1
  printf '%s %s}\n' "$RESULT_PREFIX" "$line"
  case $result_status in
    applied | unchanged) exit 0 ;;
    *) exit 1 ;;
  esac
}

# Ends the run after a failure in step $1 with message $2. Once the .env was rewritten, the
# previous .env is restored and the service recreated first.
fail() {
  if [ "$env_rewritten" = 1 ] && [ "$rolling_back" = 0 ]; then
    roll_back "$1" "$2"
  fi
  log "step $1 failed: $2"
  finish failed "$1" "$2"
}

# Ends a run that SIGTERM, SIGINT or SIGHUP cancelled. A rewritten .env is restored and the
# service recreated with it, and the result names the step `cancelled`. A signal during a rollback
# lets the rollback finish. A signal after the new version was verified and recorded still
# reports applied. The shell runs a trap only once the running foreground command has ended.
# shellcheck disable=SC2317 # invoked by trap
on_signal() {
  trap '' INT TERM HUP
  if [ "$rolling_back" = 1 ]; then
    rollback_interrupted=1
    log "received SIG$1 during the rollback; finishing the rollback first"
    return 0
  fi
  if [ "$current_step" = completed ]; then
    finish applied '' ''
  fi
  cancel_reason="cancelled by SIG$1 during step $current_step"
  if [ "$env_rewritten" = 1 ]; then
    roll_back cancelled "$cancel_reason"
  fi
  log "$cancel_reason; the .env was not changed"
  finish failed cancelled "$cancel_reason; the .env was not changed"
}

# shellcheck disable=SC2317 # invoked by trap
on_exit() {
  exit_status=$?
  set +e
  if [ "$result_printed" = 0 ]; then
    fail "$current_step" "stopped unexpectedly with exit status $exit_status during step $current_step; see stderr"
  fi
  cleanup
}

trap on_exit EXIT
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT
trap 'on_signal HUP' HUP

# --- inputs -------------------------------------------------------------------------------------

is_uint() {
  case $1 in
    '' | *[!0-9]*) return 1 ;;
  esac
  [ "${#1}" -le "${2:-10}" ]
}

# Matches the document's allowedPattern for paths; `..` segments are rejected as well.
is_absolute_path() {
  case $1 in
    /*) ;;
    *) return 1 ;;
  esac
  case $1 in
    / | */ | *//* | *[!A-Za-z0-9_.@+/-]* | */../* | */..) return 1 ;;
  esac
  return 0
}

is_parameter_name() {
  case $1 in
    '' | / | */ | *//* | *[!A-Za-z0-9_./-]*) return 1 ;;
  esac
  [ "${#1}" -le "$PARAMETER_MAX_CHARS" ]
}

is_health_url() {
  case $1 in
    *[!A-Za-z0-9._~/:-]*) return 1 ;;
  esac
  health_rest=${1#http://localhost}
  if [ "$health_rest" = "$1" ]; then health_rest=${1#http://127.0.0.1}; fi
  if [ "$health_rest" = "$1" ]; then return 1; fi
  case $health_rest in
    :*)
      health_port=${health_rest#:}
      health_port=${health_port%%/*}
      is_uint "$health_port" 5 || return 1
      health_rest=${health_rest#:"$health_port"}
      ;;
  esac
  case $health_rest in
    '' | /*) ;;
    *) return 1 ;;
  esac
  case $health_rest in
    *:*) return 1 ;;
  esac
  return 0
}

# Accepts the Hub itself or a loopback http URL (a test server or a local mirror), without a path.
# The token is sent to this host, so no other host is accepted.
is_hub_url() {
  case $1 in
    https://huggingface.co) return 0 ;;
    http://localhost | http://127.0.0.1) return 0 ;;
    http://localhost:* | http://127.0.0.1:*) is_uint "${1##*:}" 5 ;;
    *) return 1 ;;
  esac
}

# Appends each directory of FALLBACK_PATH that PATH lacks, after PATH's own directories.
extend_path() {
  fallback_path=${FALLBACK_PATH-$DEFAULT_FALLBACK_PATH}
  saved_ifs=$IFS
  IFS=:
  set -f
  for fallback_dir in $fallback_path; do
    if ! is_absolute_path "$fallback_dir"; then
      IFS=$saved_ifs
      set +f
      fail input "FALLBACK_PATH contains '$fallback_dir', which is not an absolute directory; list absolute directories separated by colons"
    fi
    case ":$PATH:" in
      *":$fallback_dir:"*) ;;
      *) PATH=${PATH:+$PATH:}$fallback_dir ;;
    esac
  done
  IFS=$saved_ifs
  set +f
  export PATH
}

validate_inputs() {
  current_step=input
  TOKEN_PARAMETER=${TOKEN_PARAMETER-}
  TOKEN_VERSION=${TOKEN_VERSION-}
  COMPOSE_PROJECT_DIR=${COMPOSE_PROJECT_DIR-}
  ENV_FILE=${ENV_FILE-}
  ENV_KEY=${ENV_KEY:-HF_TOKEN}
  COMPOSE_SERVICE=${COMPOSE_SERVICE:-whisperx_cuda}
  HEALTH_URL=${HEALTH_URL:-http://localhost:8000/health}
  HEALTH_TIMEOUT_SECONDS=${HEALTH_TIMEOUT_SECONDS:-120}
  STOP_TIMEOUT_SECONDS=${STOP_TIMEOUT_SECONDS:-30}
  STATE_DIR=${STATE_DIR:-/var/lib/hf-token-rotation}
  ROLLBACK=${ROLLBACK:-false}
  LOCK_TIMEOUT_SECONDS=${LOCK_TIMEOUT_SECONDS:-300}
  HUB_CHECK_URL=${HUB_CHECK_URL-}
  aws_region=${AWS_REGION:-${AWS_SSM_REGION_NAME:-}}
  PATH=${PATH-}
  extend_path

  if ! is_parameter_name "$TOKEN_PARAMETER"; then
    result_parameter=$(printf '%.100s' "$TOKEN_PARAMETER")
    fail input "TOKEN_PARAMETER is missing or invalid ('$result_parameter'); set it to a parameter name such as /whisperx/hf_token"
  fi
  result_parameter=$TOKEN_PARAMETER

  case $TOKEN_VERSION in
    desired) ;;
    0*) fail input "TOKEN_VERSION '$TOKEN_VERSION' is invalid; set a version number (1, 2, ...) or the label desired" ;;
    *)
      is_uint "$TOKEN_VERSION" 10 ||
        fail input "TOKEN_VERSION '$TOKEN_VERSION' is missing or invalid; set a version number (1, 2, ...) or the label desired"
      ;;
  esac

  is_absolute_path "$COMPOSE_PROJECT_DIR" ||
    fail input "COMPOSE_PROJECT_DIR '$COMPOSE_PROJECT_DIR' is missing or not an absolute path; set the compose project directory"
  ENV_FILE=${ENV_FILE:-$COMPOSE_PROJECT_DIR/.env}
  is_absolute_path "$ENV_FILE" || fail input "ENV_FILE '$ENV_FILE' is not an absolute path; set the path of the .env file"
  is_absolute_path "$STATE_DIR" || fail input "STATE_DIR '$STATE_DIR' is not an absolute path; set a directory such as /var/lib/hf-token-rotation"

  case $ENV_KEY in
    [A-Za-z_]*) ;;
    *) fail input "ENV_KEY '$ENV_KEY' is not a variable name; use letters, digits and _ (for example HF_TOKEN)" ;;
  esac
  case $ENV_KEY in
    *[!A-Za-z0-9_]*) fail input "ENV_KEY '$ENV_KEY' is not a variable name; use letters, digits and _ (for example HF_TOKEN)" ;;
  esac
  [ "${#ENV_KEY}" -le 128 ] || fail input "ENV_KEY is longer than 128 characters"
  # The key is unset in compose's environment (a shell variable overrides the .env in compose),
  # which would leave compose without a PATH.
  [ "$ENV_KEY" != PATH ] || fail input "ENV_KEY must not be PATH; set the variable name that holds the token"

  case $COMPOSE_SERVICE in
    [A-Za-z0-9]*) ;;
    *) fail input "COMPOSE_SERVICE '$COMPOSE_SERVICE' is not a service name" ;;
  esac
  case $COMPOSE_SERVICE in
    *[!A-Za-z0-9_.-]*) fail input "COMPOSE_SERVICE '$COMPOSE_SERVICE' is not a service name" ;;
  esac
  [ "${#COMPOSE_SERVICE}" -le 63 ] || fail input "COMPOSE_SERVICE is longer than 63 characters"

  is_health_url "$HEALTH_URL" ||
    fail input "HEALTH_URL '$HEALTH_URL' is invalid; set an http URL on localhost or 127.0.0.1, such as http://localhost:8000/health"
  { is_uint "$HEALTH_TIMEOUT_SECONDS" 4 && [ "$HEALTH_TIMEOUT_SECONDS" -ge 1 ]; } ||
    fail input "HEALTH_TIMEOUT_SECONDS '$HEALTH_TIMEOUT_SECONDS' is invalid; set 1 to 9999 seconds"
  is_uint "$STOP_TIMEOUT_SECONDS" 4 || fail input "STOP_TIMEOUT_SECONDS '$STOP_TIMEOUT_SECONDS' is invalid; set 0 to 9999 seconds"
  is_uint "$LOCK_TIMEOUT_SECONDS" 4 || fail input "LOCK_TIMEOUT_SECONDS '$LOCK_TIMEOUT_SECONDS' is invalid; set 0 to 9999 seconds"
  case $ROLLBACK in
    true | false) ;;
    *) fail input "ROLLBACK '$ROLLBACK' is invalid; set true or false" ;;
  esac
  case $aws_region in
    *[!a-z0-9-]*) fail input "region '$aws_region' (AWS_REGION or AWS_SSM_REGION_NAME) is invalid; set a region such as eu-central-1" ;;
  esac
  if [ -n "$HUB_CHECK_URL" ] && ! is_hub_url "$HUB_CHECK_URL"; then
    fail input "HUB_CHECK_URL '$HUB_CHECK_URL' is invalid; set https://huggingface.co, an http URL on localhost or 127.0.0.1 without a path, or nothing"
  fi
}

# --- tools --------------------------------------------------------------------------------------

# Sets compose_variant to `plugin` (docker compose, v2) or `standalone` (docker-compose, v1).
find_tools() {
  current_step=tools
  missing=''
  for tool in aws curl sha256sum awk sed tr cut tail wc mktemp stat readlink chmod chown cp mv rm mkdir date sleep sync cat; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
  done
  compose_variant=''
  if command -v docker >/dev/null 2>&1 && docker compose version >/dev/null 2>&1; then
    compose_variant=plugin
  elif command -v docker-compose >/dev/null 2>&1; then
    compose_variant=standalone
  else
    missing="$missing docker-compose(neither 'docker compose' nor 'docker-compose' works)"
  fi
  if [ -n "$missing" ]; then
    fail tools "required tools not found on PATH ($PATH):$missing; install them or fix PATH"
  fi
  log "using $(if [ "$compose_variant" = plugin ]; then echo 'docker compose'; else echo 'docker-compose'; fi)"
}

# Runs compose for the project; a leading `--log FILE` sends its stdout and stderr to FILE. The
# token's variable is unset in compose's environment because a shell variable would override the
# .env value. Fd 9 (the flock) is closed so that no process started by compose keeps the lock.
# The redirection happens inside the subshell: bash runs a trap that fires during a function call
# with the call's redirections still in place, so a redirected call would swallow the result line.
compose() {
  compose_log_file=''
  if [ "$1" = --log ]; then
    compose_log_file=$2
    shift 2
  fi
  # Compose rejects a missing --env-file; it is missing only after rolling back a .env this run created.
  if [ -e "$ENV_FILE" ]; then set -- --env-file "$ENV_FILE" "$@"; fi
  if [ "$compose_variant" = plugin ]; then
    set -- docker compose --project-directory "$COMPOSE_PROJECT_DIR" "$@"
  else
    set -- docker-compose --project-directory "$COMPOSE_PROJECT_DIR" "$@"
  fi
  (
    unset "$ENV_KEY" 2>/dev/null || true
    if [ -n "$compose_log_file" ]; then
      exec "$@" 9>&- >"$compose_log_file" 2>&1
    fi
    exec "$@" 9>&-
  )
}

# --- lock and state -----------------------------------------------------------------------------

prepare_state_dir() {
  current_step=lock
  mkdir -p -- "$STATE_DIR" || fail lock "cannot create the state directory $STATE_DIR"
  chmod 700 "$STATE_DIR" || fail lock "cannot set mode 700 on the state directory $STATE_DIR"
}

# Removes what a killed run left in STATE_DIR (its work directory and half-written backup or
# state file, which may contain the token) and creates this run's work directory. Runs only
# under the lock, so every leftover belongs to a run that has ended.
prepare_work_dir() {
  current_step=lock
  for leftover in "$STATE_DIR"/run.* "$STATE_DIR"/env.backup.* "$STATE_DIR"/state.*; do
    [ -e "$leftover" ] || continue
    log "removing $leftover, left by an interrupted run"
    rm -rf -- "$leftover" || fail lock "cannot remove $leftover, left by an interrupted run; remove it by hand"
  done
  work_dir=$(mktemp -d "$STATE_DIR/run.XXXXXX") || fail lock "cannot create a work directory in $STATE_DIR"
}

# One run at a time per state directory (which holds one .env's state and backup): flock when
# available, else a lock directory whose owner pid is checked to break stale locks.
acquire_lock() {
  current_step=lock
  if command -v flock >/dev/null 2>&1; then
    command exec 9>>"$STATE_DIR/lock" || fail lock "cannot open the lock file $STATE_DIR/lock"
    flock -w "$LOCK_TIMEOUT_SECONDS" 9 ||
      fail lock "another run still holds $STATE_DIR/lock after ${LOCK_TIMEOUT_SECONDS}s; retry when it has finished"
    return 0
  fi

  candidate="$STATE_DIR/lock.d"
  deadline=$(($(date +%s) + LOCK_TIMEOUT_SECONDS))
  while ! mkdir -- "$candidate" 2>/dev/null; do
    holder=$(cat -- "$candidate/pid" 2>/dev/null || true)
    stale=0
    if is_uint "$holder" 10; then
      kill -0 "$holder" 2>/dev/null || stale=1
    else
      # The holder may be between its mkdir and writing the pid: wait for the grace period.
      lock_mtime=$(stat -c %Y -- "$candidate" 2>/dev/null || echo 0)
      [ $(($(date +%s) - lock_mtime)) -lt "$LOCK_DIR_GRACE_SECONDS" ] || stale=1
    fi
    if [ "$stale" = 1 ]; then
      log "removing the stale lock $candidate (holder ${holder:-unknown} is gone)"
      # Renaming first lets exactly one waiting run remove the stale lock.
      if mv -- "$candidate" "$candidate.stale.$$" 2>/dev/null; then rm -rf -- "$candidate.stale.$$"; fi
      continue
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      fail lock "another run (pid ${holder:-unknown}) still holds $candidate after ${LOCK_TIMEOUT_SECONDS}s; retry when it has finished"
    fi
    sleep 1
  done
  lock_dir=$candidate
  printf '%s\n' "$$" >"$lock_dir/pid"
}

# Prints the value of field $1 of the state file (empty when missing).
state_field() {
  sed -n "s/^$1=//p" "$STATE_DIR/state" 2>/dev/null | sed -n '1p'
}

read_state() {
  applied_version=''
  applied_fingerprint=''
  applied_at=''
  [ -f "$STATE_DIR/state" ] || return 0
  if [ "$(state_field parameter)" != "$TOKEN_PARAMETER" ]; then
    log "the state file describes another parameter; ignoring it"
    return 0
  fi
  applied_version=$(state_field applied_version)
  applied_fingerprint=$(state_field applied_fingerprint)
  applied_at=$(state_field applied_at)
  if ! is_uint "$applied_version" 10; then
    log "the state file has no valid applied_version; ignoring it"
    applied_version=''
    applied_fingerprint=''
    applied_at=''
  fi
  previous_version=$applied_version
}

write_state() {
  current_step=state
  applied_now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  state_tmp=$(mktemp "$STATE_DIR/state.XXXXXX") || return 1
  if printf 'parameter=%s\napplied_version=%s\napplied_fingerprint=%s\napplied_at=%s\n' \
    "$TOKEN_PARAMETER" "$resolved_version" "$new_fingerprint" "$applied_now" >"$state_tmp" &&
    mv -f -- "$state_tmp" "$STATE_DIR/state"; then
    applied_version=$resolved_version
    applied_fingerprint=$new_fingerprint
    applied_at=$applied_now
    return 0
  fi
  rm -f -- "$state_tmp"
  return 1
}

# The pending marker exists from the .env rewrite until the run is verified or rolled back. When a
# run finds one, an earlier run was killed in between: the .env then contains an unverified version,
# and env.backup is still the last .env that was known to work.
pending_marker() {
  printf '%s/rewrite.pending' "$STATE_DIR"
}

# --- fetch and check ----------------------------------------------------------------------------

# Prints the AWS error class found in the aws CLI's stderr file $1.
aws_error_class() {
  error_class=$(sed -n 's/.*An error occurred (\([A-Za-z0-9_.]*\)).*/\1/p' "$1" | sed -n '1p')
  if [ -n "$error_class" ]; then
    printf '%s' "$error_class"
  elif grep_text 'Unable to locate credentials' "$1"; then
    printf 'NoCredentialsError'
  elif grep_text 'Could not connect to the endpoint URL' "$1"; then
    printf 'EndpointConnectionError'
  elif grep_text 'You must specify a region' "$1"; then
    printf 'NoRegionError'
  else
    printf 'AwsCliError'
  fi
}

grep_text() {
  [ -n "$(sed -n "/$1/p" "$2")" ]
}

# Fetches the parameter version into the shell variable `token` and sets resolved_version.
# The value travels from aws through a pipe into this shell only. tr turns NUL bytes, which a shell
# variable cannot contain, into \001 so that the control-character check catches them.
fetch_token() {
  current_step=fetch
  set -- ssm get-parameter --name "$TOKEN_PARAMETER:$TOKEN_VERSION" --with-decryption \
    --query 'Parameter.[Value,Version]' --output text
  if [ -n "$aws_region" ]; then set -- "$@" --region "$aws_region"; fi

  fetched=$( {
    aws_rc=0
    aws "$@" 2>"$work_dir/aws.stderr" || aws_rc=$?
    printf '%s' "$aws_rc" >"$work_dir/aws.status"
  } | tr '\000' '\001')
  aws_status=$(cat "$work_dir/aws.status" 2>/dev/null || echo unknown)
  if [ "$aws_status" != 0 ]; then
    fetched=''
    cat -- "$work_dir/aws.stderr" >&2 || true
    error_class=$(aws_error_class "$work_dir/aws.stderr")
    detail=$(sed -n '/[^[:space:]]/p' "$work_dir/aws.stderr" | sed -n '$p')
    hint=$(fetch_error_hint "$error_class" "$work_dir/aws.stderr")
    fail fetch "$error_class: aws ssm get-parameter for $TOKEN_PARAMETER:$TOKEN_VERSION failed with exit status $aws_status ($hint): $detail"
  fi

  case $fetched in
    *"$TAB"*) ;;
    *)
      fetched=''
      fail fetch "aws ssm get-parameter printed no tab-separated Value and Version; check the aws CLI version"
      ;;
  esac
  resolved_version=${fetched##*"$TAB"}
  token=${fetched%"$TAB"*}
  fetched=''
  if ! is_uint "$resolved_version" 10; then
    version_text=$resolved_version
    resolved_version=''
    token=''
    fail fetch "aws ssm get-parameter printed an invalid version '$version_text'"
  fi
  inventory_due=1
  log "fetched $TOKEN_PARAMETER version $resolved_version"
}

# Prints what to do about a failed get-parameter with error class $1. $2 is the aws CLI's stderr file.
fetch_error_hint() {
  case $1 in
    AccessDeniedException)
      # SSM passes a KMS denial on as AccessDeniedException and names KMS in the message.
      if grep_text '[Kk][Mm][Ss]' "$2"; then
        printf 'the instance role may not decrypt with the KMS key of the parameter; allow kms:Decrypt on that key'
      else
        printf 'the instance role may not read the parameter; allow ssm:GetParameter on it'
      fi
      ;;
    ParameterVersionNotFound) printf 'that version does not exist; send an existing version or the label desired' ;;
    ParameterNotFound) printf 'the parameter or its label does not exist in this region; check the name, label and region' ;;
    NoCredentialsError) printf 'the aws CLI found no credentials; attach an instance profile with the instance role' ;;
    NoRegionError) printf 'no region is known; set AWS_REGION' ;;
    EndpointConnectionError) printf 'the SSM endpoint is unreachable; check the network route or VPC endpoint' ;;
    *) printf 'see stderr' ;;
  esac
}

# Prints sha256: and the first 12 hex digits of the SHA-256 of stdin.
fingerprint_stdin() {
  digest=$(sha256sum | cut -c1-12)
  case $digest in
    *[!0-9a-f]* | '') return 1 ;;
  esac
  [ "${#digest}" -eq 12 ] || return 1
  printf 'sha256:%s' "$digest"
}

# Rejects values that the .env file cannot hold and warns about values that do not look like a
# Hugging Face token. Sets `rendered`, the value as written to the .env.
check_token() {
  current_step=validate
  case $token in
    '') fail validate "version $resolved_version of $TOKEN_PARAMETER is empty; store the token again" ;;
    *"$NL"* | *"$CR"*) fail validate "version $resolved_version of $TOKEN_PARAMETER contains a line break, which a .env line cannot hold; store the token without line breaks" ;;
    *"'"*) fail validate "version $resolved_version of $TOKEN_PARAMETER contains a single quote, which a single-quoted .env value cannot hold; store the token without quotes" ;;
    *[[:cntrl:]]*) fail validate "version $resolved_version of $TOKEN_PARAMETER contains a control character (NUL, tab or similar); store the token without them" ;;
    *\\) fail validate "version $resolved_version of $TOKEN_PARAMETER ends with a backslash, which compose reads as an escaped closing quote; store the token without it" ;;
  esac

  shape_warning=''
  token_rest=${token#hf_}
  if [ "$token_rest" = "$token" ] || [ "${#token_rest}" -lt 30 ]; then
    shape_warning="the value does not look like a Hugging Face token (hf_ followed by 30 or more letters and digits)"
  else
    case $token_rest in
      *[!A-Za-z0-9]*) shape_warning="the value does not look like a Hugging Face token (hf_ followed by 30 or more letters and digits)" ;;
    esac
  fi
  token_rest=''
  if [ -n "$shape_warning" ]; then add_warning "$shape_warning"; fi

  # Compose v2 reads single-quoted values literally; plain words need no quotes.
  case $token in
    *[!A-Za-z0-9_]*) rendered="'$token'" ;;
    *) rendered=$token ;;
  esac
  # docker-compose v1 before 1.26 keeps quotes as part of the value, later v1 releases strip them
  # (python-dotenv), so a quoted value would reach the container intact on some hosts only.
  if [ "$compose_variant" = standalone ] && [ "$rendered" != "$token" ]; then
    rendered=''
    fail validate "version $resolved_version of $TOKEN_PARAMETER needs quotes in the .env (it has characters other than letters, digits and _), which docker-compose v1 reads differently by release; install the docker compose plugin (v2) or store a token of letters, digits and _"
  fi

  new_fingerprint=$(printf '%s' "$token" | fingerprint_stdin) ||
    fail validate "sha256sum failed to compute the fingerprint"
  log "version $resolved_version has fingerprint $new_fingerprint"
}

# NOTE: version numbers start again at 1 when the parameter is deleted and created again. The
# guard then rejects explicit versions below the old applied one unless ROLLBACK=true or the
# `desired` label is used.
guard_version() {
  current_step=version_guard
  [ "$TOKEN_VERSION" != desired ] || return 0
  [ -n "$applied_version" ] || return 0
  if [ "$resolved_version" -lt "$applied_version" ] && [ "$ROLLBACK" != true ]; then
    finish failed version_guard "version $resolved_version is older than the applied version $applied_version; send the command with rollback=true to roll back"
  fi
}

# Sets running_fingerprint from the running container's variable; returns 1 when it cannot be read.
read_running_fingerprint() {
  running_fingerprint=''
  if ! running_value=$(compose exec -T "$COMPOSE_SERVICE" printenv "$ENV_KEY"); then
    running_value=''
    return 1
  fi
  running_fingerprint=$(printf '%s' "$running_value" | fingerprint_stdin) || running_fingerprint=''
  running_value=''
  [ -n "$running_fingerprint" ]
}

# Finishes with `unchanged` when the state file and the running container both have this version.
check_unchanged() {
  current_step=unchanged
  [ "$applied_version" = "$resolved_version" ] || return 0
  [ "$applied_fingerprint" = "$new_fingerprint" ] || return 0
  if [ -e "$(pending_marker)" ]; then
    log "an earlier run was interrupted after it rewrote the .env; applying version $resolved_version again"
    return 0
  fi
  if read_running_fingerprint && [ "$running_fingerprint" = "$new_fingerprint" ]; then
    log "version $resolved_version is applied and the container runs it; nothing to do"
    finish unchanged
  fi
  log "the container runs ${running_fingerprint:-an unreadable token}, not the applied $new_fingerprint; repairing it"
}

# Checks the new token against the Hub's whoami-v2 before the .env changes. HTTP 401 fails the
# run. An unreachable Hub or any other status is a warning, so that a Hub outage never blocks a
# rotation.
check_on_hub() {
  [ -n "$HUB_CHECK_URL" ] || return 0
  current_step=hub_check
  hub_url="$HUB_CHECK_URL/api/whoami-v2"
  # The header reaches curl through its stdin (-H @-), never through its argv.
  hub_code=$(printf 'Authorization: Bearer %s\n' "$token" |
    curl --silent --show-error --output /dev/null --write-out '%{http_code}' --max-time 15 \
      --noproxy localhost,127.0.0.1 -H @- "$hub_url" 2>"$work_dir/curl.stderr") || true
  case $hub_code in
    200) log "the Hub accepted version $resolved_version" ;;
    401)
      fail hub_check "the Hub rejected version $resolved_version of $TOKEN_PARAMETER with HTTP 401 at $hub_url, so the token is invalid or revoked; store a valid token as a new version"
      ;;
    000 | '')
      hub_error=$(sed -n '/[^[:space:]]/p' "$work_dir/curl.stderr" | sed -n '$p' | cut -c1-100)
      add_warning "the Hub check could not reach $hub_url (${hub_error:-no response}); continued without it"
      ;;
    *) add_warning "the Hub check got HTTP $hub_code from $hub_url; continued without it" ;;
  esac
}

# --- .env rewrite -------------------------------------------------------------------------------

# Copies the current .env to $STATE_DIR/env.backup, then replaces it atomically by a file in the
# same directory with the new value. Sets env_target, env_existed, env_mode, env_uid and env_gid.
# After a run that was killed between its rewrite and its verification (the pending marker
# exists), the backup from before that run is kept, so a rollback restores a .env that worked.
rewrite_env_file() {
  current_step=rewrite
  env_target=$(readlink -f -- "$ENV_FILE") || fail rewrite "cannot resolve $ENV_FILE; check that its directory exists"
  env_dir=${env_target%/*}
  env_dir=${env_dir:-/}
  # NOTE: the lock covers one STATE_DIR. Two configurations that share a .env directory but not a
  # STATE_DIR could remove each other's temporary file, and the other run then fails at rewrite.
  for leftover in "$env_dir"/.env.hf-token-rotation.*; do
    [ -e "$leftover" ] || continue
    log "removing $leftover, left by an interrupted run"
    rm -f -- "$leftover" || fail rewrite "cannot remove $leftover, left by an interrupted run; remove it by hand"
  done

  interrupted_existed=''
  if [ -f "$(pending_marker)" ]; then
    interrupted_existed=$(sed -n 's/^env_existed=//p' "$(pending_marker)" | sed -n '1p')
    log "an earlier run was killed after it rewrote the .env; keeping the backup from before that run"
  fi

  if [ "$interrupted_existed" = 0 ] && [ -e "$env_target" ]; then
    # The killed run created the .env: a rollback removes it again.
    [ -f "$env_target" ] || fail rewrite "$env_target is not a regular file"
    env_existed=0
    env_mode=600
    env_uid=''
    env_gid=''
    rewrite_source=$env_target
    final_newline=1
  elif [ -e "$env_target" ]; then
    [ -f "$env_target" ] || fail rewrite "$env_target is not a regular file"
    env_existed=1
    env_meta=$(stat -c '%a:%u:%g' -- "$env_target") || fail rewrite "cannot read the mode and owner of $env_target"
    env_mode=${env_meta%%:*}
    env_meta=${env_meta#*:}
    env_uid=${env_meta%%:*}
    env_gid=${env_meta#*:}
    rewrite_source=$env_target
    final_newline=1
    if [ -s "$env_target" ]; then
      case $(tail -c 1 -- "$env_target" | wc -l) in
        *1*) ;;
        *) final_newline=0 ;;
      esac
    fi

    # mv would move the backup into a directory of that name, where the restore cannot find it.
    [ ! -d "$STATE_DIR/env.backup" ] || fail rewrite "$STATE_DIR/env.backup is a directory; remove it so the backup can be written"
    if [ "$interrupted_existed" != 1 ] || [ ! -f "$STATE_DIR/env.backup" ]; then
      tmp_backup=$(mktemp "$STATE_DIR/env.backup.XXXXXX") || fail rewrite "cannot create a backup file in $STATE_DIR"
      { cp -- "$env_target" "$tmp_backup" && chmod 600 "$tmp_backup" && mv -f -- "$tmp_backup" "$STATE_DIR/env.backup"; } ||
        fail rewrite "cannot back up $env_target to $STATE_DIR/env.backup"
      tmp_backup=''
    fi
  else
    env_existed=0
    env_mode=600
    env_uid=''
    env_gid=''
    rewrite_source=/dev/null
    final_newline=1
    # A backup of an earlier run must never be restored over a file this run creates.
    rm -f -- "$STATE_DIR/env.backup"
    log "$env_target does not exist; creating it with mode 600"
  fi

  tmp_env=$(mktemp "$env_dir/.env.hf-token-rotation.XXXXXX") || fail rewrite "cannot create a temporary file in $env_dir"
  if ! HF_ROTATION_KEY=$ENV_KEY HF_ROTATION_VALUE=$rendered awk -v final_newline="$final_newline" "$ENV_REWRITE_AWK" \
    <"$rewrite_source" >"$tmp_env"; then
    fail rewrite "awk failed to rewrite $env_target"
  fi
  if [ -n "$env_uid" ]; then
    chown "$env_uid:$env_gid" "$tmp_env" || fail rewrite "cannot keep the owner $env_uid:$env_gid of $env_target"
  fi
  chmod "$env_mode" "$tmp_env" || fail rewrite "cannot keep the mode $env_mode of $env_target"
  sync -- "$tmp_env" 2>/dev/null || sync
  if [ -z "$interrupted_existed" ]; then
    printf 'env_existed=%s\n' "$env_existed" >"$(pending_marker)" || fail rewrite "cannot write $(pending_marker)"
  fi
  # Set before the rename: a signal right after it must find them set. A signal right before it
  # restores the backup, which then equals the .env.
  env_rewritten=1
  env_touched=1
  if ! mv -f -- "$tmp_env" "$env_target"; then
    env_rewritten=0
    env_touched=0
    if [ -z "$interrupted_existed" ]; then rm -f -- "$(pending_marker)"; fi
    fail rewrite "cannot replace $env_target"
  fi
  tmp_env=''
  sync -- "$env_dir" 2>/dev/null || true
  log "rewrote $ENV_KEY in $env_target"
}

# Puts the backup back in place (atomically), or removes a .env that this run created.
# shellcheck disable=SC2317 # invoked through run_rollback_step
restore_env_file() {
  # A temporary file of an interrupted first attempt.
  if [ -n "$tmp_env" ]; then rm -f -- "$tmp_env"; fi
  tmp_env=''
  if [ "$env_existed" = 0 ]; then
    rm -f -- "$env_target"
    return
  fi
  tmp_env=$(mktemp "$env_dir/.env.hf-token-rotation.XXXXXX") || return 1
  cp -- "$STATE_DIR/env.backup" "$tmp_env" || return 1
  chown "$env_uid:$env_gid" "$tmp_env" || return 1
  chmod "$env_mode" "$tmp_env" || return 1
  sync -- "$tmp_env" 2>/dev/null || sync
  mv -f -- "$tmp_env" "$env_target" || return 1
  tmp_env=''
  sync -- "$env_dir" 2>/dev/null || true
}

# --- service ------------------------------------------------------------------------------------

# `restart` would keep the old environment: only a recreate reads the .env again. Compose's
# output (pull progress can fill pages) goes to a file, and only its tail to stderr.
recreate_service() {
  compose_log="$work_dir/compose-up.log"
  recreate_status=0
  compose --log "$compose_log" up -d --force-recreate --no-deps --no-build --timeout "$STOP_TIMEOUT_SECONDS" \
    "$COMPOSE_SERVICE" || recreate_status=$?
  print_output_tail "$compose_log"
  return "$recreate_status"
}

# Copies the last TOOL_OUTPUT_MAX_LINES non-blank lines of file $1 to stderr, each cut to
# TOOL_OUTPUT_MAX_COLUMNS characters. Carriage returns (progress bars) count as line breaks.
print_output_tail() {
  tr '\r' '\n' <"$1" | sed -n '/[^[:space:]]/p' | tail -n "$TOOL_OUTPUT_MAX_LINES" |
    cut -c "1-$TOOL_OUTPUT_MAX_COLUMNS" >&2 || true
}

# Polls HEALTH_URL once a second until it returns HTTP 200; sets health_detail on failure.
wait_for_health() {
  health_deadline=$(($(date +%s) + HEALTH_TIMEOUT_SECONDS))
  health_code=000
  while :; do
    # --noproxy: an http_proxy in the agent's environment must not catch a loopback URL.
    health_code=$(curl --noproxy '*' --silent --output /dev/null --write-out '%{http_code}' \
      --max-time 5 "$HEALTH_URL" 2>/dev/null) || true
    [ "$health_code" != 200 ] || return 0
    [ "$(date +%s)" -lt "$health_deadline" ] || break
    sleep 1
  done
  health_detail="$HEALTH_URL did not answer 200 within ${HEALTH_TIMEOUT_SECONDS}s (last status ${health_code:-000})"
  return 1
}

# Runs rollback step $1. A signal sent to the whole process group also ends the command the step
# was running, so a step that fails after a signal arrived runs once more.
run_rollback_step() {
  rollback_interrupted=0
  "$1" && return 0
  [ "$rollback_interrupted" = 1 ] || return 1
  log "a signal interrupted $1 during the rollback; running it once more"
  "$1"
}

roll_back() {
  rolling_back=1
  failed_step=$1
  failure=$2
  log "step $failed_step: $failure; restoring the previous .env"
  current_step=restore
  if ! run_rollback_step restore_env_file; then
    finish failed restore "$failure; restoring the previous .env from $STATE_DIR/env.backup also failed, so $ENV_FILE still has version $resolved_version"
  fi
  rm -f -- "$(pending_marker)"
  env_rewritten=0
  current_step=rollback_recreate
  if ! run_rollback_step recreate_service; then
    finish failed rollback_recreate "$failure; the previous .env is restored but recreating $COMPOSE_SERVICE with it failed"
  fi
  env_touched=0
  if wait_for_health; then
    health_note='the service is healthy again'
  else
    health_note="the service is still unhealthy: $health_detail"
  fi
  finish rolled_back "$failed_step" "$failure; previous .env restored, $health_note"
}

apply_token() {
  rewrite_env_file
  token=''
  rendered=''

  current_step=recreate
  recreate_service || fail recreate "compose up --force-recreate of $COMPOSE_SERVICE failed; see stderr"

  current_step=health
  wait_for_health || fail health "$health_detail"

  current_step=verify
  if ! read_running_fingerprint; then
    fail verify "cannot read $ENV_KEY from the running $COMPOSE_SERVICE container"
  fi
  if [ "$running_fingerprint" != "$new_fingerprint" ]; then
    fail verify "the running container has $ENV_KEY $running_fingerprint, expected $new_fingerprint"
  fi
  new_version_running=1
  env_touched=0

  if ! write_state; then
    env_rewritten=0
    rm -f -- "$(pending_marker)"
    fail state "version $resolved_version is applied and verified but writing $STATE_DIR/state failed"
  fi
  current_step=completed
  env_rewritten=0
  rm -f -- "$(pending_marker)"
  log "applied version $resolved_version ($new_fingerprint)"
  finish applied
}

# --- inventory ----------------------------------------------------------------------------------

# Reports what the instance runs now as the inventory item INVENTORY_TYPE; $1 is the result
# status. A failed report adds a warning and never changes the status.
# NOTE: the item contains one Content entry, for this run's parameter, and PutInventory replaces
# the whole item. An instance that applies two parameters therefore keeps only the last one's entry.
report_inventory() {
  [ "$inventory_due" = 1 ] || return 0
  inventory_due=0
  inventory_status=$1
  instance_id=${AWS_SSM_INSTANCE_ID-}
  if [ -z "$instance_id" ]; then
    log "AWS_SSM_INSTANCE_ID is not set (the SSM agent sets it); skipping the inventory report"
    return 0
  fi
  case $instance_id in
    [!A-Za-z0-9]* | *[!A-Za-z0-9-]*)
      add_warning "inventory not reported: AWS_SSM_INSTANCE_ID '$(truncate_text "$instance_id" 40)' is not an instance id"
      return 0
      ;;
  esac

  if [ "$inventory_status" = applied ] || [ "$inventory_status" = unchanged ]; then
    inventory_version=$resolved_version
    inventory_fingerprint=$new_fingerprint
    inventory_applied_at=$applied_at
  elif [ "$new_version_running" = 1 ]; then
    # Verified, but the state file (and so the time it was applied) was not written.
    inventory_version=$resolved_version
    inventory_fingerprint=$new_fingerprint
    inventory_applied_at=''
  elif [ "$env_touched" = 1 ]; then
    # The run stopped between the rewrite and a completed rollback: ask the container.
    inventory_version=''
    inventory_fingerprint=''
    inventory_applied_at=''
    if read_running_fingerprint; then
      inventory_fingerprint=$running_fingerprint
      if [ "$running_fingerprint" = "$new_fingerprint" ]; then
        inventory_version=$resolved_version
      elif [ "$running_fingerprint" = "$applied_fingerprint" ]; then
        inventory_version=$applied_version
        inventory_applied_at=$applied_at
      fi
    fi
  else
    inventory_version=$applied_version
    inventory_fingerprint=$applied_fingerprint
    inventory_applied_at=$applied_at
  fi

  capture_time=$(date -u +%Y-%m-%dT%H:%M:%SZ)
  inventory_content="{\"Parameter\":$(json_string "$TOKEN_PARAMETER"),\"Version\":$(json_string "$inventory_version")"
  inventory_content="$inventory_content,\"Fingerprint\":$(json_string "$inventory_fingerprint"),\"Status\":$(json_string "$inventory_status")"
  inventory_content="$inventory_content,\"AppliedAt\":$(json_string "$inventory_applied_at")}"
  inventory_items="[{\"TypeName\":\"$INVENTORY_TYPE\",\"SchemaVersion\":\"1.0\",\"CaptureTime\":\"$capture_time\",\"Content\":[$inventory_content]}]"

  # The timeouts bound a report to an unreachable endpoint, because the run's outcome is known.
  set -- ssm put-inventory --instance-id "$instance_id" --items "$inventory_items" \
    --cli-connect-timeout 5 --cli-read-timeout 10
  if [ -n "$aws_region" ]; then set -- "$@" --region "$aws_region"; fi
  if aws "$@" >/dev/null 2>"$work_dir/inventory.stderr"; then
    log "reported $INVENTORY_TYPE: version ${inventory_version:-unknown}, status $inventory_status"
  else
    put_status=$?
    cat -- "$work_dir/inventory.stderr" >&2 || true
    add_warning "inventory not reported: aws ssm put-inventory failed with exit status $put_status ($(aws_error_class "$work_dir/inventory.stderr"))"
  fi
}

validate_inputs
find_tools
prepare_state_dir
acquire_lock
prepare_work_dir
read_state
fetch_token
check_token
guard_version
check_unchanged
check_on_hub
apply_token
