#!/usr/bin/env bash
# Build the portal's OCI image without a registry (`make image`):
#   1. a Debian bookworm base made with debootstrap from the apt mirror (once; kept as
#      localhost/debian:bookworm),
#   2. the Containerfile on top of it, with this machine's CA bundle as a build secret (pip's
#      traffic may pass a proxy with its own CA; the bundle never ends up in the image).
# podman runs with runc (crun fails on hybrid cgroups) and explicit ulimits.
# Usage: deploy/image.sh [TAG]     (default localhost/relatieloket:local)
set -euo pipefail
cd "$(dirname "$0")/.."
TAG="${1:-localhost/relatieloket:local}"
BASE="localhost/debian:bookworm"
CA_BUNDLE="${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"

if ! command -v podman >/dev/null || ! command -v debootstrap >/dev/null \
  || ! command -v runc >/dev/null; then
  echo "== installing podman, buildah, runc, debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq podman buildah runc debootstrap >/dev/null
fi

if [ -z "${CONTAINERS_CONF:-}" ]; then
  conf_dir=$(mktemp -d)
  cat >"$conf_dir/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=16384:16384", "nproc=16384:16384"]
[engine]
runtime = "runc"
CONF
  export CONTAINERS_CONF="$conf_dir/containers.conf"
fi

if ! podman image exists "$BASE"; then
  echo "== base image $BASE (debootstrap)"
  rootfs=$(mktemp -d)
  mirror=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null \
    || true)
  debootstrap --variant=minbase bookworm "$rootfs" "${mirror:-http://deb.debian.org/debian}" \
    >/dev/null
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import - "$BASE" >/dev/null
  rm -rf "$rootfs"
fi

# pip's index settings of this machine, passed on into the build (no secret in them).
pip_args=()
for name in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST; do
  if [ -n "${!name:-}" ]; then pip_args+=(--build-arg "$name=${!name}"); fi
done

echo "== building $TAG"
started=$(date +%s)
podman build --quiet --secret "id=cabundle,src=$CA_BUNDLE" "${pip_args[@]}" \
  --build-arg "BASE_IMAGE=$BASE" -f Containerfile -t "$TAG" . >/dev/null
size=$(podman image inspect "$TAG" --format '{{.Size}}')
echo "== built $TAG in $(($(date +%s) - started)) s, $((size / 1000000)) MB"
