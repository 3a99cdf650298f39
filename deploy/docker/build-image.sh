#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Builds the s4stream job jar, stages a small Docker build context (jar, shipped models, topic
# script, Dockerfile) and builds the image from deploy/docker/Dockerfile.
set -euo pipefail

usage() {
  cat <<'EOF'
Usage: deploy/docker/build-image.sh [--cuda] [--skip-maven] [--stage-only] [-h|--help]

  --cuda        build the jar with -Pcuda (ONNX Runtime GPU) and the image target "cuda"
                (adds CUDA 12 and cuDNN 9 libraries); the tag gets a "-cuda" suffix
  --skip-maven  use flink-job/target/s4stream-cli.jar as it is
  --stage-only  stage the build context and print its path; do not run docker

Environment (defaults in brackets):
  IMAGE         image name [s4stream]
  TAG           image tag [the project version, e.g. 0.1.0-SNAPSHOT]
  DOCKER        container build command [docker]
  MVN           Maven command [mvn]
  MVN_ARGS      extra Maven arguments, e.g. -o [none]
  FLINK_IMAGE   base image [flink:2.2-java17]
  CUDA_IMAGE    image the CUDA libraries are copied from [nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04]
EOF
}

cuda=false
skip_maven=false
stage_only=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --cuda) cuda=true ;;
    --skip-maven) skip_maven=true ;;
    --stage-only) stage_only=true ;;
    -h | --help) usage; exit 0 ;;
    *) echo "unknown argument: $1" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
IMAGE="${IMAGE:-s4stream}"
DOCKER="${DOCKER:-docker}"
MVN="${MVN:-mvn}"
read -r -a mvn_args <<<"${MVN_ARGS:-}"
if [[ -z "${TAG:-}" ]]; then
  TAG="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$repo/pom.xml" | head -n 1)"
fi
variant=cpu
if [[ "$cuda" == true ]]; then
  variant=cuda
  TAG="$TAG-cuda"
fi
jar="$repo/flink-job/target/s4stream-cli.jar"

if [[ "$skip_maven" == false ]]; then
  profile=()
  [[ "$cuda" == true ]] && profile=(-Pcuda)
  (cd "$repo" && "$MVN" "${mvn_args[@]}" -q -pl flink-job -am package -DskipTests "${profile[@]}")
fi
if [[ ! -f "$jar" ]]; then
  echo "no job jar at $jar: build it (mvn -pl flink-job -am package -DskipTests) or drop --skip-maven" >&2
  exit 1
fi
# The GPU image needs the jar with ONNX Runtime's CUDA provider inside, and the CPU image should
# not carry it (about 400 MB): check which build the jar is.
listing="$(jar tf "$jar")"
if [[ "$listing" == *libonnxruntime_providers_cuda.so* ]]; then
  jar_variant=cuda
else
  jar_variant=cpu
fi
if [[ "$jar_variant" != "$variant" ]]; then
  echo "$jar is the $jar_variant build, but the $variant image was asked for:" \
    "rebuild it $([[ "$cuda" == true ]] && echo with || echo without) -Pcuda" >&2
  exit 1
fi

context="$repo/deploy/docker/target/context-$variant"
rm -rf "$context"
mkdir -p "$context/models"
cp "$here/Dockerfile" "$jar" "$repo/deploy/flink/create-topics.sh" "$context/"
if [[ -d "$repo/models/shipped" ]]; then
  cp -R "$repo/models/shipped" "$context/models/"
else
  echo "note: no models/shipped in the checkout; the image uses the models inside the jar" >&2
fi

if [[ "$stage_only" == true ]]; then
  echo "$context"
  exit 0
fi
"$DOCKER" build --target "$variant" \
  --build-arg "FLINK_IMAGE=${FLINK_IMAGE:-flink:2.2-java17}" \
  --build-arg "CUDA_IMAGE=${CUDA_IMAGE:-nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04}" \
  -t "$IMAGE:$TAG" "$context"
echo "built $IMAGE:$TAG"
