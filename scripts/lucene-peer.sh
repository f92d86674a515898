#!/usr/bin/env bash
# Lucene's HNSW on the same dataset and threads as vidx bench, on this machine (peers/lucene).
# Builds the Lucene index into OUT/lucene-NAME on first use (about 40 s for debian-minilm) and writes
# OUT/lucene_NAME.csv.
#
#   scripts/lucene-peer.sh ../shared/data/debian-minilm OUT [THREADS] [K_LIST]
set -euo pipefail
data=${1:?dataset dir with base.fvecs[.zst], query.fvecs[.zst], groundtruth.ivecs[.zst]}
out=${2:?output dir}
threads=${3:-2}
ks=${4:-10,16,18,20,24,40,60,70,80,100,160}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
name=$(basename "$data")
mkdir -p "$out"
jar="$here/peers/lucene/target/lucene-peer.jar"
# The peer reuses vidx-indexer's vector-file readers: install the build (parent POM included), then package the peer
# (Lucene comes from Maven Central on first use).
# Only what the peer needs (the indexer and its parents; no tests or benchmarks compiled).
"$here/scripts/mvn" -q -B install -pl indexer -am -Dmaven.test.skip=true
"$here/scripts/mvn" -q -B -f "$here/peers/lucene/pom.xml" package
java_home=$("$here/scripts/find-jdk.sh")
"$java_home/bin/java" --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xmx4g -jar "$jar" \
  "$data" "$out/lucene-$name" --threads "$threads" --k "$ks" --runs 5 --warmup-seconds 30 --csv "$out/lucene_$name.csv"
