#!/usr/bin/env bash
# vidx, FAISS and Lucene on the same dataset, same threads, one run, one after the other (never at
# once: the machine is small and shared). Writes OUT/faiss_NAME.{csv,md}, OUT/lucene_NAME.csv and
# OUT/vidx_NAME.json + .png (the plot draws FAISS's and Lucene's points beside vidx's).
#
#   scripts/side-by-side.sh ../shared/data/debian-minilm OUT [THREADS] [FAISS_METHODS]
#
# Needs Debian's python3-faiss and python3-numpy (see ../shared/peers/README.md):
#   apt-get install -y python3-faiss python3-numpy libopenblas0-openmp zstd
set -euo pipefail
data=${1:?dataset dir with base.fvecs[.zst], query.fvecs[.zst], groundtruth.ivecs[.zst]}
out=${2:?output dir}
threads=${3:-2}
methods=${4:-flat,ivf,hnsw,binary}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
peers=${PEERS_DIR:-$here/../shared/peers}
name=$(basename "$data")
mkdir -p "$out"
pick() { for f in "$data/$1" "$data/$1.zst"; do [ -e "$f" ] && { echo "$f"; return; }; done; echo "missing $data/$1" >&2; exit 1; }
base=$(pick base.fvecs)
query=$(pick query.fvecs)
gt=$(pick groundtruth.ivecs)

echo "== FAISS ($methods, $threads threads, batch)"
/usr/bin/python3 "$peers/faiss_bench.py" "$data" --name "$name" --out-dir "$out" --threads "$threads" --modes batch --methods "$methods"

echo "== Lucene HNSW ($threads threads, batch)"
"$here/scripts/lucene-peer.sh" "$data" "$out" "$threads"

echo "== vidx"
index="$out/$name.vidx"
[ -e "$index" ] || "$here/vidx" build --input "$base" --metric ip --out "$index"
"$here/vidx" bench "$index" --queries "$query" --gt "$gt" --k 10 --threads "$threads" \
  --nprobe 12,16,20,24,32,48,64,96,128,192,256 --probe-gap Infinity,0.2 --rerank 40,50,64,100,128,150 --shortlist 200 --mode funnel,funnel3,ivf,exact,brute \
  --warmup-seconds 30 --json "$out/vidx_$name.json" --plot "$out/vidx_$name.png" \
  --peer "$out/faiss_$name.csv" --peer "$out/lucene_$name.csv"
