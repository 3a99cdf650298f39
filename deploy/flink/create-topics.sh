#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Creates the s4stream topics (audio in, events out, dead letters) with kafka-topics.sh, then
# applies their settings with kafka-configs.sh, so running it again updates existing topics.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/flink/create-topics.sh [--dry-run] [-h|--help]

Creates (if missing) and configures the input, output and dead-letter topics of s4stream with
Kafka's own tools (kafka-topics.sh, kafka-configs.sh from a Kafka 4.x distribution).
Partition counts of existing topics are never changed (that would move stream ids to other
partitions); a differing count is reported.

Options:
  --dry-run   print the commands instead of running them

Environment (defaults in brackets):
  KAFKA_BOOTSTRAP_SERVERS      brokers [localhost:9092]
  KAFKA_BIN                    directory holding kafka-topics.sh [on PATH, else $KAFKA_HOME/bin]
  KAFKA_COMMAND_CONFIG         client properties file (TLS/SASL) for both tools [none]
  S4_REPLICATION_FACTOR        replicas of every topic [3; use 1 on a single broker]
  S4_MIN_INSYNC_REPLICAS       [2 when the replication factor is 3 or more, else 1]
  S4_INPUT_TOPIC               [audio]
  S4_INPUT_PARTITIONS          [12]
  S4_INPUT_RETENTION_MS        [86400000 = 1 day]
  S4_INPUT_MAX_MESSAGE_BYTES   [2097152: a 1 MiB audio value plus key, headers and batch overhead]
  S4_OUTPUT_TOPIC              [events]
  S4_OUTPUT_PARTITIONS         [12]
  S4_OUTPUT_RETENTION_MS       [604800000 = 7 days]
  S4_OUTPUT_MAX_MESSAGE_BYTES  [2097152: generated audio records as well as events]
  S4_DLQ_TOPIC                 [audio-dlq]
  S4_DLQ_PARTITIONS            [3]
  S4_DLQ_RETENTION_MS          [1209600000 = 14 days]
  S4_DLQ_MAX_MESSAGE_BYTES     [2162688: the largest input record plus the s4.error headers]
EOF
}

dry_run=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

BOOTSTRAP="${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}"
REPLICATION="${S4_REPLICATION_FACTOR:-3}"
if [[ "$REPLICATION" -ge 3 ]]; then
  MIN_ISR="${S4_MIN_INSYNC_REPLICAS:-2}"
else
  MIN_ISR="${S4_MIN_INSYNC_REPLICAS:-1}"
fi

find_tool() {
  local name="$1"
  if [[ -n "${KAFKA_BIN:-}" ]]; then
    echo "$KAFKA_BIN/$name"
  elif command -v "$name" >/dev/null 2>&1; then
    command -v "$name"
  elif [[ -n "${KAFKA_HOME:-}" ]]; then
    echo "$KAFKA_HOME/bin/$name"
  else
    echo "$name"
  fi
}
TOPICS_TOOL="$(find_tool kafka-topics.sh)"
CONFIGS_TOOL="$(find_tool kafka-configs.sh)"
if [[ "$dry_run" == false ]]; then
  for tool in "$TOPICS_TOOL" "$CONFIGS_TOOL"; do
    if [[ ! -x "$tool" ]]; then
      echo "cannot run $tool: set KAFKA_BIN or KAFKA_HOME, or put Kafka's bin/ on PATH" >&2
      exit 1
    fi
  done
fi

client=(--bootstrap-server "$BOOTSTRAP")
if [[ -n "${KAFKA_COMMAND_CONFIG:-}" ]]; then
  client+=(--command-config "$KAFKA_COMMAND_CONFIG")
fi

run() {
  if [[ "$dry_run" == true ]]; then
    printf '%q ' "$@"
    printf '\n'
  else
    "$@"
  fi
}

# ensure_topic NAME PARTITIONS RETENTION_MS MAX_MESSAGE_BYTES
ensure_topic() {
  local name="$1" partitions="$2" retention="$3" max_bytes="$4"
  local configs=(
    "cleanup.policy=delete"
    "retention.ms=$retention"
    "max.message.bytes=$max_bytes"
    "min.insync.replicas=$MIN_ISR"
  )
  local create=("$TOPICS_TOOL" "${client[@]}" --create --if-not-exists --topic "$name"
    --partitions "$partitions" --replication-factor "$REPLICATION")
  local c
  for c in "${configs[@]}"; do
    create+=(--config "$c")
  done
  echo "topic $name: $partitions partitions, replication $REPLICATION, ${configs[*]}"
  run "${create[@]}"
  local joined
  joined="$(IFS=,; echo "${configs[*]}")"
  run "$CONFIGS_TOOL" "${client[@]}" --alter --entity-type topics --entity-name "$name" \
    --add-config "$joined"
  if [[ "$dry_run" == false ]]; then
    local actual
    actual="$("$TOPICS_TOOL" "${client[@]}" --describe --topic "$name" |
      sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)"
    if [[ -n "$actual" && "$actual" != "$partitions" ]]; then
      echo "warning: topic $name has $actual partitions, not $partitions (left unchanged)" >&2
    fi
  fi
}

ensure_topic "${S4_INPUT_TOPIC:-audio}" "${S4_INPUT_PARTITIONS:-12}" \
  "${S4_INPUT_RETENTION_MS:-86400000}" "${S4_INPUT_MAX_MESSAGE_BYTES:-2097152}"
ensure_topic "${S4_OUTPUT_TOPIC:-events}" "${S4_OUTPUT_PARTITIONS:-12}" \
  "${S4_OUTPUT_RETENTION_MS:-604800000}" "${S4_OUTPUT_MAX_MESSAGE_BYTES:-2097152}"
ensure_topic "${S4_DLQ_TOPIC:-audio-dlq}" "${S4_DLQ_PARTITIONS:-3}" \
  "${S4_DLQ_RETENTION_MS:-1209600000}" "${S4_DLQ_MAX_MESSAGE_BYTES:-2162688}"
