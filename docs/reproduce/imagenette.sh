#!/usr/bin/env bash
# docs/results.md, "All of Imagenette at 60 CPU-minutes": each part of the table, a core an arm.
#
#   docs/reproduce/imagenette.sh CACHE simclr SEED...   SimCLR and SimCLR + SEC side by side, then
#                                                       the floor and both probes (budget)
#   docs/reproduce/imagenette.sh CACHE moco-peer        MoCo v2 and the PyTorch peer side by side
#   docs/reproduce/imagenette.sh CACHE standard SEED    the standard linear protocol of seed SEED's arms
#   docs/reproduce/imagenette.sh CACHE table SEED...    the table over seeds (budget-seeds)
#
# CACHE holds imagenette-80 unpacked from ../shared/datasets (train/ and val/). A part takes the
# whole 2-core machine for an hour; run one at a time, with nothing else running. SPHERECLR is the
# command line (default: the README's). The peer needs Debian's python3-torch, python3-torchvision
# and libjemalloc2.
set -euo pipefail
cache=$1; part=$2; shift 2
data="$cache/imagenette-80"
if [ -n "${SPHERECLR:-}" ]; then
  sphereclr() { $SPHERECLR "$@"; }
else
  sphereclr() { mvn -q test-compile exec:java -Dexec.args="$*"; }
fi

case $part in
  simclr)
    for seed in "$@"; do
      sphereclr budget --dataset folder --data "$data" --recipe simclr-imagenette --minutes 60 \
        --seed "$seed" --out "runs/imagenette-60-s$seed"
    done ;;
  moco-peer)
    sphereclr pretrain --recipe mocov2-imagenette --data "$data" --threads 1 --workers 1 \
      --seed 42 --out runs/imagenette-moco-s42 &
    # The peer on the other core: our arms' network and views (PeerArm.views of simclr-imagenette).
    mkdir -p runs/imagenette-peer-s42
    OMP_NUM_THREADS=1 LD_PRELOAD=/usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/bin/python3 \
      bench/peer/peer_budget.py --train "$data/train" --test "$data/val" --minutes 60 \
      --width 0.25 --batch 128 --threads 1 --workers 1 --seed 42 --size 64 --stem imagenet \
      --normalize cifar10 --eval-resize 64 --jitter 0.4,0.4,0.4,0.1 --blur 0.0 \
      --out runs/imagenette-peer-s42/result.json > runs/imagenette-peer-s42/log.txt 2>&1
    wait
    sphereclr eval --encoder runs/imagenette-moco-s42/encoder --dataset folder --data "$data" \
      --out runs/imagenette-moco-s42/eval ;;
  standard)
    seed=$1
    for arm in simclr simclr-sec; do
      sphereclr eval --encoder "runs/imagenette-60-s$seed/$arm/encoder" --dataset folder \
        --data "$data" --protocol standard --out "runs/imagenette-60-s$seed/standard-$arm"
    done ;;
  table)
    runs=(); for seed in "$@"; do runs+=("runs/imagenette-60-s$seed"); done
    sphereclr budget-seeds "${runs[@]}" ;;
  *) echo "unknown part $part: simclr, moco-peer, standard or table" >&2; exit 2 ;;
esac
