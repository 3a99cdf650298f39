#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Submits the s4stream job to a running Flink 2.2 cluster (session or standalone) with
# `flink run`, passing every job setting as a --s4.<option> argument.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/flink/submit.sh [--dry-run] [--attached] [-- EXTRA_JOB_ARGS...]

Submits flink-job/target/s4stream-cli.jar (build it with `mvn -pl flink-job -am package`; add
-Pcuda for the GPU build of ONNX Runtime) to a Flink 2.2 cluster. The jar's Main-Class is the CLI,
so the job's entry point is named with -c. The job is detached unless --attached is given.

Options:
  --dry-run    print the flink command instead of running it
  --attached   wait for the job (flink run without --detached)
  -h, --help   this text
  --           everything after it is appended to the job's arguments

Environment (defaults in brackets):
  FLINK_HOME                 Flink installation whose bin/flink is used [/opt/flink]
  FLINK_REST_ADDRESS         JobManager REST host [from the cluster's config.yaml]
  FLINK_REST_PORT            JobManager REST port [from the cluster's config.yaml]
  FLINK_RUN_OPTS             extra `flink run` options, e.g. "-s <savepoint> -Dkey=value" []
  S4_JAR                     job jar [<repo>/flink-job/target/s4stream-cli.jar]
  S4_MAIN_CLASS              job entry point [io.s4stream.job.S4StreamJob]
  KAFKA_BOOTSTRAP_SERVERS    --s4.kafka.bootstrap-servers [localhost:9092]
  S4_GROUP_ID                --s4.kafka.group-id [s4stream]
  S4_INPUT_TOPIC             --s4.topic.input [audio]
  S4_OUTPUT_TOPIC            --s4.topic.output [events]
  S4_DLQ_TOPIC               --s4.topic.dead-letter [audio-dlq]
  S4_MAX_RECORD_BYTES        --s4.max-record-bytes [1048576]
  S4_MODEL_DIR               --s4.model.dir, a compiled model directory present on every
                             TaskManager [unset: the shipped instrument-family classifier]
  S4_HOP_SECONDS             --s4.hop-seconds [0.5]
  S4_TOP_K                   --s4.top-k [3]
  S4_DEVICE                  --s4.device, cpu or cuda [cpu]
  S4_CHUNK_SIZE              --s4.chunk-size [1024]
  S4_MAX_BATCH               --s4.max-batch [64]
  S4_MAX_BATCH_WAIT          --s4.max-batch-wait [2ms]
  S4_PARALLELISM             --s4.parallelism [2]
  S4_DELIVERY_GUARANTEE      --s4.delivery-guarantee: at-least-once, exactly-once or none
                             (Flink parses the enum by its text, not AT_LEAST_ONCE) [at-least-once]
  S4_TRANSACTIONAL_ID_PREFIX --s4.transactional-id-prefix [s4stream]
  S4_TRANSACTION_TIMEOUT     --s4.transaction-timeout, at most the broker's
                             transaction.max.timeout.ms [10min]
  S4_CHECKPOINT_INTERVAL     --s4.checkpoint-interval [10s]
  S4_IDLE_TIMEOUT            --s4.idle-timeout [5min]
EOF
}

dry_run=false
attached=false
extra_job_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --dry-run) dry_run=true ;;
    --attached) attached=true ;;
    -h | --help) usage; exit 0 ;;
    --) shift; extra_job_args=("$@"); break ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
FLINK_HOME="${FLINK_HOME:-/opt/flink}"
S4_JAR="${S4_JAR:-$repo/flink-job/target/s4stream-cli.jar}"
S4_MAIN_CLASS="${S4_MAIN_CLASS:-io.s4stream.job.S4StreamJob}"

job_args=(
  --s4.kafka.bootstrap-servers "${KAFKA_BOOTSTRAP_SERVERS:-localhost:9092}"
  --s4.kafka.group-id "${S4_GROUP_ID:-s4stream}"
  --s4.topic.input "${S4_INPUT_TOPIC:-audio}"
  --s4.topic.output "${S4_OUTPUT_TOPIC:-events}"
  --s4.topic.dead-letter "${S4_DLQ_TOPIC:-audio-dlq}"
  --s4.max-record-bytes "${S4_MAX_RECORD_BYTES:-1048576}"
  --s4.hop-seconds "${S4_HOP_SECONDS:-0.5}"
  --s4.top-k "${S4_TOP_K:-3}"
  --s4.device "${S4_DEVICE:-cpu}"
  --s4.chunk-size "${S4_CHUNK_SIZE:-1024}"
  --s4.max-batch "${S4_MAX_BATCH:-64}"
  --s4.max-batch-wait "${S4_MAX_BATCH_WAIT:-2ms}"
  --s4.parallelism "${S4_PARALLELISM:-2}"
  --s4.delivery-guarantee "${S4_DELIVERY_GUARANTEE:-at-least-once}"
  --s4.transactional-id-prefix "${S4_TRANSACTIONAL_ID_PREFIX:-s4stream}"
  --s4.transaction-timeout "${S4_TRANSACTION_TIMEOUT:-10min}"
  --s4.checkpoint-interval "${S4_CHECKPOINT_INTERVAL:-10s}"
  --s4.idle-timeout "${S4_IDLE_TIMEOUT:-5min}"
)
if [[ -n "${S4_MODEL_DIR:-}" ]]; then
  job_args+=(--s4.model.dir "$S4_MODEL_DIR")
fi
job_args+=("${extra_job_args[@]}")

run_opts=()
if [[ "$attached" == false ]]; then
  run_opts+=(--detached)
fi
if [[ -n "${FLINK_REST_ADDRESS:-}" ]]; then
  run_opts+=("-Drest.address=$FLINK_REST_ADDRESS")
fi
if [[ -n "${FLINK_REST_PORT:-}" ]]; then
  run_opts+=("-Drest.port=$FLINK_REST_PORT")
fi
if [[ -n "${FLINK_RUN_OPTS:-}" ]]; then
  read -r -a user_opts <<<"$FLINK_RUN_OPTS"
  run_opts+=("${user_opts[@]}")
fi

command=("$FLINK_HOME/bin/flink" run "${run_opts[@]}" -c "$S4_MAIN_CLASS" "$S4_JAR" "${job_args[@]}")

if [[ "$dry_run" == true ]]; then
  printf '%q ' "${command[@]}"
  printf '\n'
  exit 0
fi
if [[ ! -f "$S4_JAR" ]]; then
  echo "job jar not found: $S4_JAR (build it: mvn -pl flink-job -am package -DskipTests)" >&2
  exit 1
fi
if [[ ! -x "$FLINK_HOME/bin/flink" ]]; then
  echo "no Flink CLI at $FLINK_HOME/bin/flink: set FLINK_HOME" >&2
  exit 1
fi
exec "${command[@]}"
