#!/usr/bin/env bash
# The distributed path (package trait `Distributed`): checks that a default build needs no MPI,
# installs ScaLAPACK and Open MPI when missing, builds with the trait (in .build-distributed, so
# the default build in .build is left alone) and runs the end-to-end tests under mpirun
# (P = 1, 2, 4; see Tests/EDLAEDistributedTests). Extra arguments go to `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-system-libraries.sh
export OPENBLAS_NUM_THREADS=1

echo "== default build without the ScaLAPACK/MPI pkg-config files (must not need them)"
empty="$(mktemp -d)"
PKG_CONFIG_LIBDIR="$empty" swift build --product edlae-distributed >/dev/null
rmdir "$empty"
bin="$(swift build --show-bin-path)"
if ldd "$bin/edlae-distributed" | grep -Eq 'libmpi|scalapack'; then
  echo "the default edlae-distributed links MPI or ScaLAPACK" >&2
  exit 1
fi

if ! pkg-config --exists scalapack-openmpi 2>/dev/null || ! command -v mpirun >/dev/null; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing libscalapack-openmpi-dev, libopenmpi-dev and openmpi-bin ..." >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq libscalapack-openmpi-dev libopenmpi-dev openmpi-bin >/dev/null
fi

echo "== building with --traits Distributed"
swift build --traits Distributed --scratch-path .build-distributed --build-tests
export EDLAE_DISTRIBUTED_EXECUTABLE="$(swift build --traits Distributed --scratch-path .build-distributed --show-bin-path)/edlae-distributed"
# Open MPI refuses to run as root without these (CI containers run as root).
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1

echo "== a distributed model is served by the ordinary edlae recommend"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mpirun --allow-run-as-root --oversubscribe -np 2 -x OPENBLAS_NUM_THREADS=1 "$EDLAE_DISTRIBUTED_EXECUTABLE" fit \
  --synthetic 800,300,0.05,1 --solver edlae --dropout 0.5 --lambda 10 --block-size 50 --output "$work/model" 2>/dev/null
swift build --product edlae >/dev/null
recommended="$("$bin/edlae" recommend --model "$work/model" --items 1,2,3 --count 5)"
echo "$recommended"
[ "$(echo "$recommended" | wc -l)" -eq 5 ] || { echo "edlae recommend did not list 5 items" >&2; exit 1; }

echo "== end-to-end tests under mpirun"
swift test --traits Distributed --scratch-path .build-distributed --skip-build \
  --filter 'EDLAEDistributedTests' "$@"
