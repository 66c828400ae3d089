#!/usr/bin/env bash
# Everything a fresh Debian 12 machine needs to run callguard and its tests: the system tools the
# pipeline spawns, the local PostgreSQL and Redis the integration tests use, the npm packages, the
# built CLI and review app, and `callguard` on PATH. Safe to run again: each step is skipped when
# already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# ffmpeg/sox decode recordings; espeak-ng builds fixture speech; pocketsphinx is the offline English
# engine (with real test recordings); chromium runs the review app's browser tests; fonts-noto-cjk
# renders Chinese in reports.
packages=(ffmpeg sox libsox-fmt-all espeak-ng pocketsphinx pocketsphinx-en-us pocketsphinx-testdata chromium fonts-noto-cjk poppler-utils)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Services: machines of this kind start them before a session; start them where they are not running.
if command -v pg_isready >/dev/null && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "setup: starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start
fi
if command -v redis-cli >/dev/null && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "setup: starting Redis"
  mkdir -p /var/lib/redis /var/log/redis
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log
fi

# npm ci also builds the CLI into dist/ (the `prepare` script); rebuild it when sources changed since.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
elif ! node scripts/build-freshness.js cli; then
  echo "setup: building the CLI (dist/)"
  npm run --silent build
fi

# The review app that `callguard serve` serves (web/dist), when missing or older than web/.
if ! node scripts/build-freshness.js web; then
  echo "setup: building the review app (web/dist)"
  npm run --silent build:web >/dev/null
fi

# `callguard` on PATH: a link to this checkout's bin/callguard.js in CALLGUARD_BIN_DIR (default
# /usr/local/bin; e.g. ~/.local/bin without root). The last checkout set up is the one it runs;
# `npx callguard` always runs the checkout it is typed in.
bin_dir="${CALLGUARD_BIN_DIR:-/usr/local/bin}"
link="$bin_dir/callguard"
target="$PWD/bin/callguard.js"
if [ "$(readlink "$link" 2>/dev/null)" != "$target" ]; then
  if [ -e "$link" ] && [ ! -L "$link" ]; then
    echo "setup: $link exists and is not a link to a callguard checkout: left alone; use npx callguard"
  elif mkdir -p "$bin_dir" 2>/dev/null && [ -w "$bin_dir" ]; then
    [ -L "$link" ] && echo "setup: $link ran $(readlink "$link"); it now runs this checkout"
    ln -sfn "$target" "$link"
    echo "setup: callguard is on PATH as $link"
  else
    echo "setup: cannot write $bin_dir: use npx callguard, or set CALLGUARD_BIN_DIR to a folder on PATH"
  fi
fi
