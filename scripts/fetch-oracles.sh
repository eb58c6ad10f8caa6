#!/bin/sh
# Offline oracles for the test suite: podman's Quadlet generator from Debian 13 (trixie) and Debian testing
# (forky), and docker compose v2 from forky, taken from their Debian packages with a private apt state (the
# machine's own apt configuration, lists and cache are never touched), cached under ORACLE_HOME keyed by version.
#   fetch-oracles.sh             fetch what is missing (no network at all when every oracle is cached)
#   fetch-oracles.sh --refresh   look for newer package versions and fetch them
# Writes ORACLE_HOME/<oracle>.json ({"name","suite","package","version","binary"}), read by test/support/oracles.ts.
# Each binary runs with the host's glibc when it can; when it needs a newer one, the suite's own libc6 is
# extracted beside it and a wrapper runs the binary through that loader. See docs/e2e.md, "Offline oracles".
set -eu

ORACLE_HOME=${C2S_ORACLE_HOME:-/var/tmp/compose2systemd-oracles}
HERE=$(cd "$(dirname "$0")" && pwd)
APT_DIR=$ORACLE_HOME/apt
# name suite package path-in-package
ORACLES='quadlet-trixie trixie podman usr/libexec/podman/quadlet
quadlet-forky forky podman usr/libexec/podman/quadlet
docker-compose forky docker-compose usr/libexec/docker/cli-plugins/docker-compose'

refresh=no
case "${1:-}" in
  '') ;;
  --refresh) refresh=yes ;;
  *) echo "usage: $0 [--refresh]" >&2; exit 2 ;;
esac

log() { echo "fetch-oracles: $*" >&2; }

mkdir -p "$ORACLE_HOME"
# one fetch at a time: test workers and CI may call this together; the later ones then find the cache filled
exec 9>"$ORACLE_HOME/.lock"
flock 9

all_cached() {
  echo "$ORACLES" | while read -r name _suite _pkg _path; do
    [ -f "$ORACLE_HOME/$name.json" ] || { echo missing; break; }
  done
}
if [ "$refresh" = no ] && [ -z "$(all_cached)" ]; then
  exit 0
fi

mirror=$(sh "$HERE/debian-mirror.sh")
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
[ -f "$keyring" ] || { log "no $keyring (package debian-archive-keyring) to check the archive's signatures"; exit 1; }
arch=$(dpkg --print-architecture)
mkdir -p "$APT_DIR/sources" "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/debs"
printf 'Types: deb\nURIs: %s\nSuites: trixie forky\nComponents: main\nSigned-By: %s\n' "$mirror" "$keyring" >"$APT_DIR/sources/oracles.sources"
# every path apt would read or write is the private one; preferences and the host's pins do not apply
set -- -o Dir::Etc::SourceList=/dev/null -o "Dir::Etc::SourceParts=$APT_DIR/sources" \
  -o Dir::Etc::Preferences=/dev/null -o Dir::Etc::PreferencesParts=/dev/null \
  -o "Dir::State::Lists=$APT_DIR/lists" -o "Dir::Cache=$APT_DIR/cache" -o "APT::Architecture=$arch" \
  -o "APT::Architectures::=$arch" -o APT::Sandbox::User=root -o Acquire::Languages=none
log "reading package lists of trixie and forky from $mirror"
apt-get "$@" -qq update >&2

# version_of PACKAGE SUITE APT-OPTIONS...: the version in the private lists
version_of() {
  p=$1 s=$2
  shift 2
  apt-cache "$@" show "$p/$s" 2>/dev/null | awk '/^Version:/ { print $2; exit }'
}

# does BINARY start? quadlet and compose both print their version
runs() {
  "$1" -version >/dev/null 2>&1 || "$1" version >/dev/null 2>&1
}

echo "$ORACLES" | while read -r name suite pkg path; do
  if [ "$refresh" = no ] && [ -f "$ORACLE_HOME/$name.json" ]; then continue; fi
  version=$(version_of "$pkg" "$suite" "$@")
  if [ -z "$version" ]; then
    log "$suite has no package $pkg"
    exit 1
  fi
  safe=$(echo "$version" | tr ':~' '__')
  dir=$ORACLE_HOME/$pkg-$safe
  binary=$dir/$(basename "$path")
  if [ ! -x "$binary" ]; then
    log "$name: $pkg $version from $suite"
    rm -rf "$dir.partial"
    mkdir -p "$dir.partial/x"
    (cd "$APT_DIR/debs" && apt-get "$@" -qq download "$pkg/$suite" >&2)
    deb=$(ls -t "$APT_DIR/debs/${pkg}_"*.deb | while read -r f; do
      [ "$(dpkg-deb -f "$f" Version)" = "$version" ] && { echo "$f"; break; }
    done)
    [ -n "$deb" ] || { log "apt-get download gave no $pkg $version"; exit 1; }
    dpkg-deb -x "$deb" "$dir.partial/x"
    mv "$dir.partial/x/$path" "$dir.partial/$(basename "$path")"
    rm -rf "$dir.partial/x" "$deb"
    if ! runs "$dir.partial/$(basename "$path")"; then
      # built against a newer glibc than the host's: run it through the suite's own loader and libc
      log "$name does not run on this machine's glibc; adding libc6 from $suite"
      (cd "$APT_DIR/debs" && apt-get "$@" -qq download "libc6/$suite" >&2)
      libc=$(ls -t "$APT_DIR/debs/libc6_"*.deb | head -n 1)
      dpkg-deb -x "$libc" "$dir.partial/libc"
      rm -f "$libc"
      real=$dir.partial/$(basename "$path").bin
      mv "$dir.partial/$(basename "$path")" "$real"
      ld=$(ls "$dir.partial"/libc/usr/lib64/ld-linux-*.so.* "$dir.partial"/libc/lib64/ld-linux-*.so.* 2>/dev/null | head -n 1)
      libdir=$(dirname "$(ls "$dir.partial"/libc/usr/lib/*/libc.so.6 "$dir.partial"/libc/lib/*/libc.so.6 2>/dev/null | head -n 1)")
      [ -n "$ld" ] && [ -n "$libdir" ] || { log "libc6 of $suite has no loader"; exit 1; }
      # paths as they will be after the rename below
      ld=$dir${ld#"$dir.partial"}
      libdir=$dir${libdir#"$dir.partial"}
      printf '#!/bin/sh\nexec %s --library-path %s --argv0 "$0" %s "$@"\n' "$ld" "$libdir" "$binary.bin" >"$dir.partial/$(basename "$path")"
      chmod 755 "$dir.partial/$(basename "$path")"
    fi
    rm -rf "$dir"
    mv "$dir.partial" "$dir"
    runs "$binary" || { log "$binary does not run"; exit 1; }
  fi
  printf '{"name":"%s","suite":"%s","package":"%s","version":"%s","binary":"%s"}\n' "$name" "$suite" "$pkg" "$version" "$binary" >"$ORACLE_HOME/$name.json.partial"
  mv "$ORACLE_HOME/$name.json.partial" "$ORACLE_HOME/$name.json"
  log "$name: $pkg $version ready at $binary"
done

# versions no manifest names any more (after --refresh found newer ones)
for dir in "$ORACLE_HOME"/*/; do
  dir=${dir%/}
  [ "$(basename "$dir")" = apt ] && continue
  grep -qF "\"binary\":\"$dir/" "$ORACLE_HOME"/*.json 2>/dev/null || { log "removing $dir (no longer used)"; rm -rf "$dir"; }
done
