#!/usr/bin/env bash
# Command 1 of the README: set up, build, and serve the demo on
# http://127.0.0.1:8080 (PORT to change it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
port=${PORT:-8080}
printf '\n\033[1mxun demo:\033[0m http://127.0.0.1:%s/  (Ctrl-C to stop)\n\n' "$port"
exec python3 -m http.server "$port" --bind 127.0.0.1 --directory www
