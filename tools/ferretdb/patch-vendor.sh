#!/usr/bin/env bash
# Runs in tools/ferretdb after `go mod vendor`, before the build. Kept to the minimum:
# each change fixes a defect of FerretDB v1.24.0 that Salesflow measured.
set -euo pipefail
version="$1"

# The cmd panics without build/version/version.txt, which the module zip leaves out.
echo "$version" > vendor/github.com/FerretDB/FerretDB/build/version/version.txt

# The SQLite backend indexes _id as `_ferretdb_sjson->"_id"` but looks it up, updates and
# deletes by `_ferretdb_sjson->'$._id'`. The two mean the same, yet SQLite matches index
# expressions by their text, so every lookup by _id read the whole table (a scan that grows
# with the collection: 30 ms at 2,000 records). `->'_id'` is the same lookup in the indexed form.
metadata=vendor/github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata/metadata.go
sed -i "s|IDColumn = DefaultColumn + \"->'\$._id'\"|IDColumn = DefaultColumn + \"->'_id'\"|" "$metadata"
grep -q "IDColumn = DefaultColumn + \"->'_id'\"" "$metadata" || { echo "patch-vendor: the _id lookup line was not found" >&2; exit 1; }
