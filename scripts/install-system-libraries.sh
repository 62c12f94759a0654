#!/usr/bin/env bash
# Installs OpenBLAS, LAPACKE and ARPACK-ng (Debian/Ubuntu) when their headers are missing.
set -euo pipefail
if [ -f /usr/include/lapacke.h ] && [ -f /usr/include/arpack/arpack.h ] && pkg-config --exists openblas 2>/dev/null \
   && { [ -f /usr/include/cblas.h ] || ls /usr/include/*/cblas.h >/dev/null 2>&1; }; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "Installing libopenblas-dev, liblapacke-dev, libarpack2-dev and pkg-config ..." >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq libopenblas-dev liblapacke-dev libarpack2-dev pkg-config >/dev/null
