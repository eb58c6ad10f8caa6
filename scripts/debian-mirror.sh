#!/bin/sh
# Prints the Debian archive this machine's apt already uses (the one serving its plain release suite, not
# -security or -updates), read from /etc/apt/sources.list.d/*.sources (deb822) and then /etc/apt/sources.list.
# C2S_E2E_MIRROR overrides it. Exits 1 with a message when there is none: the project names no mirror itself.
# Used by the e2e beds (test/e2e) and by scripts/fetch-oracles.sh. Needs no root. C2S_APT_ETC (default /etc/apt)
# points it at another apt configuration folder, for its own test.
set -eu

APT_ETC=${C2S_APT_ETC:-/etc/apt}

if [ -n "${C2S_E2E_MIRROR:-}" ]; then
  echo "$C2S_E2E_MIRROR"
  exit 0
fi

# deb822: stanzas separated by blank lines; a stanza counts when its Types include deb, it is not disabled,
# and one of its Suites is a bare codename. Its first URI is the mirror.
from_deb822() {
  for f in "$APT_ETC"/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk '
      function flush() {
        if (uri != "" && deb && enabled && plain) { print uri; found = 1; exit }
        uri = ""; deb = 0; enabled = 1; plain = 0
      }
      BEGIN { enabled = 1 }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      tolower($1) == "types:" { for (i = 2; i <= NF; i++) if ($i == "deb") deb = 1 }
      tolower($1) == "uris:" { uri = $2 }
      tolower($1) == "enabled:" { enabled = (tolower($2) != "no") }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+$/) plain = 1 }
      END { if (!found) flush() }
    ' "$f"
  done | head -n 1
}

# one-line format: deb [options] URI SUITE COMPONENTS...
from_sources_list() {
  [ -f "$APT_ETC/sources.list" ] || return 0
  sed -e 's/#.*//' -e 's/\[[^]]*\]//' "$APT_ETC/sources.list" |
    awk '$1 == "deb" && $3 ~ /^[a-z]+$/ { print $2; exit }'
}

mirror=$(from_deb822)
[ -n "$mirror" ] || mirror=$(from_sources_list)
case "$mirror" in
  http://* | https://* | file:/*) echo "${mirror%/}" ;;
  *)
    echo "debian-mirror: no Debian archive found in this machine's apt sources" \
      "($APT_ETC/sources.list.d/*.sources, $APT_ETC/sources.list); add one, or set C2S_E2E_MIRROR=<archive URL>" >&2
    exit 1
    ;;
esac
