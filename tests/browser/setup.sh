#!/bin/sh
# What the browser tests need besides the Python packages of the `test` extra:
#   - Debian's Chromium at /usr/bin/chromium (apt-get, as root; skipped when it is there),
#   - axe-core and the Nu HTML checker from npm (node_modules/, from package-lock.json).
# Java 17 runs the Nu checker. Without these the browser tests are skipped, or fail in CI.
set -eu
cd "$(dirname "$0")/../.."

if [ -x /usr/bin/chromium ]; then
    :
elif [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian's chromium (apt-get) for the browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq chromium >/dev/null
else
    echo "setup: /usr/bin/chromium is missing and installing it needs root" \
         "(sudo apt-get install chromium); the browser tests will be skipped" >&2
fi

if command -v npm >/dev/null 2>&1; then
    # --ignore-scripts: vnu-jar's install script would download a Java runtime; the machine's
    # Java is used instead.
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
else
    echo "setup: npm is missing (install Node.js 18 or newer); the axe-core and" \
         "Nu HTML checker tests will be skipped" >&2
fi
command -v java >/dev/null 2>&1 || echo "setup: java is missing (Java 17 or newer runs the Nu HTML checker)" >&2
