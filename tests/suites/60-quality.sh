#!/bin/sh
# Quality of the bundled rules on the sample gold (docs 000-002): lore eval
# with the thresholds of the issues, one check per threshold. The table is
# always printed, so a drop that fails `make test` shows where.
#   entities: lenient F1 >= 0.90, exact F1 >= 0.85
#   quotes (direct + unmarked, indirect left out): lenient F1 >= 0.95,
#     speaker accuracy >= 0.90
#   figures: lenient F1 >= 0.95, value accuracy >= 0.98
NCHECKS=6
out=$(./build/lore eval --gold tests/data/gold_000-002.jsonl \
  corpus/000_a7dc20db6077fbda.txt corpus/001_d453ebd82be5d424.txt \
  corpus/002_5f0d9263cf5a718c.txt -q \
  --min entities.lenient.f1=0.90 --min entities.exact.f1=0.85 \
  --min quotes.lenient.f1=0.95 --min quotes.speaker=0.90 \
  --min figures.lenient.f1=0.95 --min figures.value=0.98 2>&1)
rc=$?
printf '%s\n' "$out"
pass=$(printf '%s\n' "$out" | grep -c '^ok  ')
fail=$(printf '%s\n' "$out" | grep -c '^FAIL  ')
if [ $((pass + fail)) -ne $NCHECKS ]; then
  echo "lore eval printed $((pass + fail)) threshold checks, expected $NCHECKS (exit status $rc)"
  fail=$((NCHECKS - pass))
fi
if [ $rc -ne 0 ] && [ "$fail" -eq 0 ]; then
  echo "lore eval exited with status $rc"
  fail=1
fi
echo "$pass passed, $fail failed"
