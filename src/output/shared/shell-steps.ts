// Stage 10, output (both systemd formats): the few shell scripts units run through `/bin/sh -c SCRIPT ARG0 ARGS...` (pure text).
// Every compose value reaches them as an argument, never inside the script, so the shell parses none of them.

/** `sh -c SCRIPT NAME PODMAN CMD...`: run PODMAN CMD... unless `PODMAN KIND exists NAME` ($0 is NAME). */
export function unlessExists(kind: 'image' | 'network' | 'volume'): string {
  return `"$1" ${kind} exists "$0" || exec "$@"`;
}

/** `sh -c SCRIPT NAME PODMAN secret create ...`: drop the old podman secret, if any, then create it. */
export const RECREATE_SECRET_FROM_FILE = '"$1" secret rm "$0" >/dev/null 2>&1; exec "$@"';

/** `sh -c SCRIPT NAME PODMAN VALUE`: the same with the secret's value given on podman's standard input. */
export const RECREATE_SECRET_FROM_VALUE = '"$1" secret rm "$0" >/dev/null 2>&1; printf %s "$2" | "$1" secret create "$0" -';

/**
 * `sh -c SCRIPT PATH CONTENT MODE`: write a config file atomically (a container starting meanwhile never
 * sees half a file), in a directory only the unit's user can list.
 */
export const WRITE_FILE = 'umask 077 && mkdir -p "${0%/*}" && printf %s "$1" > "$0.new" && chmod "$2" "$0.new" && mv -f "$0.new" "$0"';

/**
 * `sh -c SCRIPT sh PODMAN NAME DEADLINE POLL`: run the container's health check until it passes, and fail
 * once DEADLINE seconds have passed. Values come in as arguments so the script is the same in every unit.
 * `podman healthcheck run` exits 0 only once the container is healthy (podman-healthcheck-run(1)).
 */
export const HEALTH_WAIT_SCRIPT =
  'end=$(( $(date +%s) + $3 )); ' +
  'until "$1" healthcheck run "$2"; do ' +
  'if [ "$(date +%s)" -ge "$end" ]; then echo "$2 is not healthy after $3 s" >&2; exit 1; fi; ' +
  'sleep "$4"; ' +
  'done';

/**
 * `sh -c SCRIPT SYSTEMCTL --system|--user UNIT...`: fail unless every UNIT is active. A dependency that
 * `depends_on` requires is checked, not pulled in: a start of the dependent never starts it (see fault-steps.ts).
 */
export const REQUIRE_ACTIVE =
  'm=$1; shift; for u in "$@"; do "$0" "$m" is-active --quiet "$u" || { echo "$u is not active: depends_on requires it" >&2; exit 1; }; done';

/**
 * `sh -c SCRIPT`, the first stop command: fail when the main process already exited 137 or 143 on its own
 * (systemd sets EXIT_CODE and EXIT_STATUS once it has seen the main process exit, and runs the stop commands
 * after a crash too). During a stop systemd asked for, the main process still runs here, so a stop stays clean.
 */
export const FAIL_IF_KILLED =
  'case "$EXIT_CODE:$EXIT_STATUS" in exited:137|exited:143) echo "the container was killed (exit status $EXIT_STATUS) outside a stop of the unit" >&2; exit 1;; esac';
