#!/usr/bin/env bash
# Dependencies point downwards only (architecture.md §4): a file in a layer may include its own
# layer and the layers below it, never above.
set -euo pipefail
src="$1/src"
order=(core obs resilience store services integrations jobs supplier_api api http app)
rank() { local i; for i in "${!order[@]}"; do [ "${order[$i]}" = "$1" ] && { echo "$i"; return; }; done; echo -1; }
fail=0
for dir in "$src"/*/; do
  layer="$(basename "$dir")"
  r="$(rank "$layer")"
  [ "$r" -ge 0 ] || { echo "unknown layer folder: $layer"; fail=1; continue; }
  while IFS= read -r line; do
    file="${line%%:*}"
    inc="$(sed -E 's/.*#include "([a-z_]+)\/.*/\1/' <<<"${line#*:}")"
    ir="$(rank "$inc")"
    if [ "$ir" -lt 0 ]; then echo "$file includes unknown layer $inc"; fail=1; continue; fi
    if [ "$ir" -gt "$r" ]; then echo "$file ($layer) includes $inc, a higher layer"; fail=1; fi
  done < <(grep -HE '^#include "[a-z_]+/' "$dir"*.hpp "$dir"*.cpp 2>/dev/null || true)
done
# Boost.Beast stays inside http/server.cpp (architecture.md §3: compile time).
beast="$(grep -rlE '#include <boost/(beast|asio)' "$src" | grep -v '/http/server.cpp$' || true)"
[ -z "$beast" ] || { echo "Beast/Asio included outside http/server.cpp: $beast"; fail=1; }
[ "$fail" -eq 0 ] && echo "layering OK"
exit "$fail"
