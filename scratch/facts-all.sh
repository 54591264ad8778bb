#!/bin/bash
# Reports before (base commit 02a2fac, built in /tmp/vmcheck-base) and after (this worktree's dist), then their facts diffed.
cd /work/wt-share
for isa in pg74 pg74-jrst pg74-lra pg74-mode mips-tlb8 rv32; do
  (cd /tmp/vmcheck-base && nice -n 10 node dist/cli/bin.js check $isa --no-cache --workers 2 --format json > /work/wt-share/scratch/facts/$isa.before.json 2> /work/wt-share/scratch/facts/$isa.before.err)
  nice -n 10 node dist/cli/bin.js check $isa --no-cache --workers 2 --format json > scratch/facts/$isa.after.json 2> scratch/facts/$isa.after.err
  npx tsx scratch/facts-diff.ts scratch/facts/$isa.before.json scratch/facts/$isa.after.json > scratch/facts/$isa.diff.txt 2>&1
  echo "$isa: exit $?" >> scratch/facts/done.txt
done
