#!/usr/bin/env bash
# Regenerates tools/ferretdb/patches/*.patch from an edited copy of the vendored FerretDB module.
#   tools/ferretdb/make-patches.sh <pristine module dir> <edited module dir>
# Both dirs are vendor/github.com/FerretDB/FerretDB of a `go mod vendor` (the pristine one after
# patch-vendor.sh). Each patch is one concern: its header (the text before the first diff in the
# current patch file: what it changes and why it is exactly MongoDB's behaviour), then the diffs
# of the files listed for it below. A new concern needs its file list here and a header written by hand.
set -euo pipefail
a="$1" b="$2"
out="$(cd "$(dirname "$0")" && pwd)/patches"
mkdir -p "$out"
declare -A files=(
  [0001-pushdown-paths]="internal/backends/pushdown.go internal/backends/decorators/oplog/collection.go internal/handler/msg_serverstatus.go"
  [0002-where-clause]="internal/backends/sqlite/metadata/pushdown_expr.go internal/backends/sqlite/pushdown_where.go internal/backends/sqlite/collection.go"
  [0003-keyword-search]="internal/backends/sqlite/pushdown_regex.go"
  [0004-sorted-pages]="internal/backends/sqlite/pushdown_page.go internal/handler/msg_find.go"
  [0005-count]="internal/backends/sqlite/pushdown_count.go internal/handler/msg_count.go"
  [0006-group]="internal/backends/sqlite/pushdown_group.go internal/handler/msg_aggregate.go internal/handler/msg_aggregate_pushdown.go internal/handler/common/aggregations/stages/group.go"
  [0007-order-exact-indexes]="internal/backends/sqlite/metadata/pushdown_index.go internal/backends/sqlite/metadata/registry.go"
  [0008-update-statement-close]="internal/handler/msg_update.go"
)
for name in $(printf '%s\n' "${!files[@]}" | sort); do
  header="$(sed '/^--- a\//,$d' "$out/$name.patch" 2>/dev/null || true)"
  [ -n "$header" ] || { echo "make-patches: $out/$name.patch needs a header" >&2; exit 1; }
  {
    printf '%s\n\n' "$header"
    for f in ${files[$name]}; do
      if [ -f "$a/$f" ]; then from="$a/$f"; else from=/dev/null; fi
      diff -uN --label "a/$f" --label "b/$f" "$from" "$b/$f" || true
    done
  } > "$out/$name.patch"
done
# every changed file must belong to a concern
changed=$( (diff -rq "$a" "$b" || true) | sed -E 's|^Only in '"$b"'/?([^:]*): (.*)$|\1/\2|; s|^Files '"$a"'/(.*) and .* differ$|\1|' | sed 's|^/||')
for f in $changed; do
  [[ " ${files[*]} " == *" $f "* ]] || { echo "make-patches: $f changed but belongs to no patch" >&2; exit 1; }
done
echo "patches written to $out"
