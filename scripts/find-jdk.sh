#!/usr/bin/env bash
# Prints the home of a JDK >= 22 (final java.lang.foreign), or explains why there is none and fails.
# Order: $JAVA_HOME if it is one; `java` on the PATH; the newest under the usual install locations.
set -u
MIN=22

feature_of() { # $1 = JDK home; prints its feature version (e.g. 25) or nothing
  local home=$1 v=""
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  fi
  [ -n "$v" ] || v=$("$home/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  v=${v#1.}
  echo "${v%%[.+-]*}"
}

ok() { local f; f=$(feature_of "$1"); [ -n "$f" ] && [ "$f" -ge "$MIN" ] 2>/dev/null; }

if [ -n "${JAVA_HOME:-}" ] && ok "$JAVA_HOME"; then echo "$JAVA_HOME"; exit 0; fi
if command -v java >/dev/null 2>&1; then
  home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  if ok "$home"; then echo "$home"; exit 0; fi
fi
best="" best_v=0
for home in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
            "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
  [ -d "$home" ] || continue
  f=$(feature_of "$home")
  if [ -n "$f" ] && [ "$f" -ge "$MIN" ] 2>/dev/null && [ "$f" -gt "$best_v" ]; then best=$home best_v=$f; fi
done
if [ -n "$best" ]; then echo "$best"; exit 0; fi

{
  echo "vidx: no JDK $MIN or newer found (java.lang.foreign is final from JDK 22; vidx targets JDK 25)."
  if [ -n "${JAVA_HOME:-}" ]; then f=$(feature_of "$JAVA_HOME"); echo "  JAVA_HOME=$JAVA_HOME is ${f:+JDK $f}${f:-not a JDK}."; fi
  command -v java >/dev/null 2>&1 && echo "  'java' on the PATH is $(java -version 2>&1 | head -1)."
  echo "  Looked under /usr/lib/jvm, /usr/java, /opt/java, ~/.sdkman, ~/.jdks."
  echo "  Install one (e.g. Temurin 25: https://adoptium.net) and set JAVA_HOME to it."
} >&2
exit 1
