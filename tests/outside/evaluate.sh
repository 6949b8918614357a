#!/usr/bin/env bash
# Every blind figure of the closing notes, in one run, each beside its plain baseline:
#   search    kb eval on the judged queries (dev and test halves, BM25 over the same passages),
#             and the regression set on the bundled corpus
#   fidelity  kb eval-text against the document truth of both collections (raw/ and raw/web2)
#   libraries kb eval-labels against the blind passage labels, dev and test
# Usage: tests/outside/evaluate.sh [OUTSIDE=/work/outside] [SCRATCH=/tmp/kb-outside-eval]
# Reads only: the outside folder (never changed) and tests/outside/blind (the truth, in git).
# Test halves are for reporting: never tune on what they print.
set -euo pipefail
cd "$(dirname "$0")/../.."
OUT=${1:-/work/outside}
TMP=${2:-/tmp/kb-outside-eval}
KB=.venv/bin/kb
B=tests/outside/blind
rm -rf "$TMP"
mkdir -p "$TMP/corpus"
cp -r corpus "$TMP/corpus/corpus"
cp -r "$OUT/raw" "$TMP/corpus/raw"
echo "== ingest of the bundled corpus + the outside corpus ($(find "$TMP/corpus" -type f | wc -l) files)"
$KB ingest --corpus "$TMP/corpus" --index "$TMP/index" --json > "$TMP/ingest.json" || true
python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary'])" "$TMP/ingest.json"
echo "== search: blind judged queries (dev, test), plain BM25 in the same run"
sets=()
for j in "$B"/judged "$B"/judged[0-9]; do  # one folder of judged queries per collection
  [ -f "$j/dev.jsonl" ] && sets+=("$j/dev.jsonl" "$j/test.jsonl")
done
$KB eval "${sets[@]}" --corpus "$TMP/corpus" --index "$TMP/index"
echo "== search: the regression set on the bundled corpus"
$KB ingest --corpus corpus --index "$TMP/bundled-index" > /dev/null
$KB eval tests/eval/queries.json --corpus corpus --index "$TMP/bundled-index" --baseline
echo "== fidelity: first collection (raw/web, txt, pdf, docx, html)"
$KB eval-text --corpus "$OUT/raw" --truth "$B/truth" --split "$B/split.json" --brief
for T in "$B"/truth[0-9]; do  # later collections: raw/webN, truthN, splitN.json
  n=${T#"$B"/truth}
  if [ -d "$B/truth$n" ]; then
    echo "== fidelity: collection $n (raw/web$n)"
    $KB eval-text --corpus "$OUT/raw/web$n" --truth "$B/truth$n" --split "$B/split$n.json" --brief
  fi
done
# labelling rounds kept in git without their text (blind/labelsN, tests/outside/label_windows.py):
# their text is put back from the outside files into the scratch folder
for G in "$B"/labels[0-9]*/; do
  [ -f "$G/final.jsonl" ] || continue
  python3 tests/outside/label_windows.py restore "$G" "$TMP/$(basename "$G")" --outside "$OUT"
done
for L in "$OUT"/labels "$OUT"/labels[0-9] "$TMP"/labels[0-9]*; do  # one folder of labels per round
  if [ -f "$L/final.jsonl" ] && { [ "${L#"$TMP"}" != "$L" ] || [ ! -d "$B/$(basename "$L")" ]; }; then
    echo "== libraries: blind passage labels of $(basename "$L") (rules; --model adds the learned model)"
    $KB eval-labels "$L/final.jsonl" --root "$OUT" --halves dev,test
    echo "== labellers' agreement on $(basename "$L") (the ceiling)"
    $KB eval-labels --agreement "$L/labeller-1.jsonl" "$L/labeller-2.jsonl" \
        --passages "$L/passages.jsonl" --root "$OUT" --halves dev,test
  fi
done
ROUNDS=()
for L in "$TMP"/labels[0-9]*; do [ -f "$L/final.jsonl" ] && ROUNDS+=("$L/final.jsonl"); done
if [ "${#ROUNDS[@]}" -gt 1 ]; then
  echo "== libraries: the rounds kept in git, scored together (what kb train-labels fits on: their dev halves)"
  $KB eval-labels "${ROUNDS[@]}" --root "$OUT" --halves dev,test
fi
