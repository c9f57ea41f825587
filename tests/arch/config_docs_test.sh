#!/usr/bin/env bash
# docs/configuration.md lists exactly the keys the binary knows (decision 36).
set -euo pipefail
bin="$1"; doc="$2"
want="$("$bin" config keys --markdown)"
have="$(sed -n '/<!-- claves:inicio -->/,/<!-- claves:fin -->/p' "$doc" | sed '1d;$d')"
if [ "$want" != "$have" ]; then
  echo "docs/configuration.md is out of date; regenerate the table with:"
  echo "  build/minimarket config keys --markdown"
  diff <(echo "$want") <(echo "$have") || true
  exit 1
fi
echo "configuration table OK"
