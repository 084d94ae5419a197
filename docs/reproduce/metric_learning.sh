#!/usr/bin/env bash
# docs/results.md, "SEC in metric learning": every arm of the Caltech-101 reproduction, then its
# evaluation on the encoder's features and on the projection head's output.
#
#   docs/reproduce/metric_learning.sh CACHE LOSS...      (LOSS: triplet, npair, ms; default all)
#
# CACHE holds caltech101-64 and cifar10-jpg unpacked from ../shared/datasets. Each arm is one core
# (--threads 1 --workers 1, about 3.5 minutes on a 2-core AMD EPYC); run two copies with different
# LOSS lists to use both cores. SPHERECLR is the command line (default: the README's).
# The table: python3 docs/reproduce/metric_learning_table.py runs/pilot36
set -euo pipefail
cache=$1; shift
losses="${*:-triplet npair ms}"
if [ -n "${SPHERECLR:-}" ]; then
  sphereclr() { $SPHERECLR "$@"; }
else
  sphereclr() { mvn -q test-compile exec:java -Dexec.args="$*"; }
fi

encoder=runs/transfer/cifar10/encoder/encoder.safetensors
if [ ! -e "$encoder" ]; then  # the CIFAR-10 SimCLR + SEC encoder the "ssl" arms start from
  sphereclr pretrain --recipe quickstart --dataset folder --data "$cache/cifar10-jpg" \
    --max-steps 1500 --threads 1 --workers 1 --out runs/transfer/cifar10
fi
declare -A recipe=([triplet]=triplet-sec [npair]=npair-sec [ms]=ms-sec)
declare -A perclass=([triplet]=3 [npair]=2 [ms]=5)
declare -A arm=([none]="--sec-weight 0" [sec]="--sec-weight 1" [l2]="--sec-weight 0.0001 --sec-target zero")
for loss in $losses; do
  for init in random ssl; do
    from=""; [ $init = ssl ] && from="--init-from $encoder"
    for seed in 42 43 44; do
      for a in none sec l2; do
        run=runs/pilot36/$loss-$init-$a-$seed
        sphereclr pretrain --recipe ${recipe[$loss]} --data "$cache/caltech101-64" --class-split first-half \
          --arch resnet18 --width 0.25 --stem cifar --image-size 64 --batch-size 60 \
          --images-per-class ${perclass[$loss]} --max-steps 300 --lr 0.001 --threads 1 --workers 1 \
          --seed $seed ${arm[$a]} $from --out $run
        for embedding in encoder head; do
          sphereclr eval --encoder $run/encoder --embedding $embedding --dataset folder \
            --data "$cache/caltech101-64" --class-split first-half --threads 1 \
            --out $run-$([ $embedding = encoder ] && echo eval || echo head)
        done
      done
    done
  done
done
