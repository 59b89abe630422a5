#!/usr/bin/env bash
# Install the browser test's npm dependencies (playwright-core, exactly as package-lock.json pins
# it; never a browser download: the test drives Debian's /usr/bin/chromium) into DEST.
# Does nothing when DEST already holds this lock file's install. Usage: install.sh DEST
set -euo pipefail
src=$(cd "$(dirname "$0")" && pwd)
dest=${1:?usage: install.sh DEST}
mkdir -p "$dest"
if cmp -s "$src/package-lock.json" "$dest/package-lock.json" &&
   [[ -f "$dest/node_modules/playwright-core/package.json" ]]; then
  echo "playwright-core already installed in $dest"
  exit 0
fi
command -v npm >/dev/null || { echo "install.sh: npm is missing (cmake/install-deps.sh e2e)" >&2; exit 1; }
cp "$src/package.json" "$src/package-lock.json" "$dest/"
cd "$dest"
PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --ignore-scripts
