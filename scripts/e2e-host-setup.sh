#!/bin/sh
# e2e host setup: prepares a Debian host to boot the test beds of test/e2e (see docs/e2e.md). Idempotent.
#   e2e-host-setup.sh packages   install systemd-container, debootstrap, busybox-static when a tool is missing
#   e2e-host-setup.sh mount      put a tmpfs on /run/systemd/nspawn unless one is there; prints "mounted" or "present"
#   e2e-host-setup.sh            both
# Needs root. Touches nothing else on the host.
set -eu

NSPAWN_DIR=/run/systemd/nspawn

need_root() {
  if [ "$(id -u)" != 0 ]; then
    echo "e2e-host-setup: must run as root" >&2
    exit 2
  fi
}

missing_tools() {
  missing=""
  command -v systemd-nspawn >/dev/null 2>&1 || missing="$missing systemd-container"
  command -v debootstrap >/dev/null 2>&1 || missing="$missing debootstrap"
  [ -x /bin/busybox ] || missing="$missing busybox-static"
  # the harness also relies on these, which every Debian has; name them so a bare host fails clearly
  command -v nsenter >/dev/null 2>&1 || missing="$missing util-linux"
  command -v pgrep >/dev/null 2>&1 || missing="$missing procps"
  echo "$missing"
}

install_packages() {
  pkgs=$(missing_tools)
  [ -z "$pkgs" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "e2e-host-setup: need$pkgs but apt-get is absent (not a Debian host?)" >&2
    exit 3
  fi
  echo "e2e-host-setup: installing$pkgs" >&2
  apt-get update -qq >&2
  # systemd-container pins systemd to its own version, so this may also move systemd to the same point release
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $pkgs >&2
  still=$(missing_tools)
  if [ -n "$still" ]; then
    echo "e2e-host-setup: still missing after install:$still" >&2
    exit 3
  fi
}

# nspawn deletes its propagation folder with a check that it sits on tmpfs; on hosts where /run is a plain
# directory on disk it refuses to start without this mount
mount_nspawn_tmpfs() {
  if mountpoint -q "$NSPAWN_DIR"; then
    echo present
    return 0
  fi
  mkdir -p "$NSPAWN_DIR"
  mount -t tmpfs -o mode=0755 tmpfs "$NSPAWN_DIR"
  echo mounted
}

need_root
case "${1:-all}" in
  packages) install_packages ;;
  mount) mount_nspawn_tmpfs ;;
  all) install_packages; mount_nspawn_tmpfs ;;
  *) echo "usage: $0 [packages|mount]" >&2; exit 2 ;;
esac
