#!/bin/sh
# What the tests need besides the Python packages of the `test` extra:
#   - Debian's Chromium at /usr/bin/chromium for the browser tests, and LibreOffice Calc
#     (soffice) for the test that opens the report tables as a spreadsheet user would
#     (apt-get, as root; skipped when they are there),
#   - axe-core and the Nu HTML checker from npm (node_modules/, from package-lock.json).
# Java 17 runs the Nu checker. Without these those tests are skipped, or fail in CI.
set -eu
cd "$(dirname "$0")/../.."

need=""
[ -x /usr/bin/chromium ] || need=" chromium"
command -v soffice >/dev/null 2>&1 || need="$need libreoffice-calc-nogui"
if [ -z "$need" ]; then
    :
elif [ "$(id -u)" = 0 ]; then
    echo "setup: installing$need (apt-get) for the browser and spreadsheet tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    [ -x /usr/bin/chromium ] || apt-get install -y -qq chromium >/dev/null
    # Calc without its GUI and without the recommended extras (Java, help, fonts of other scripts)
    command -v soffice >/dev/null 2>&1 || apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
else
    echo "setup:$need missing and installing needs root" \
         "(sudo apt-get install$need); the tests that need them will be skipped" >&2
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
