# Sourced (POSIX sh) by ./mvnw and .ci/run: choose the JDK that runs Maven and the build.
#
# The pom compiles for release 25 (<java.version>) and its enforcer rule requires JDK 25, so
# this looks for a JDK >= 25, in this order: JAVA_HOME; the `java` on PATH; the newest JDK
# under /usr/lib/jvm. It exports JAVA_HOME and puts its bin/ first on PATH. Without one it
# prints one sentence on stderr and returns 1 (the caller exits).
# Also runs under mvnw's `set -euf`: no globbing unless switched on here, no unset variables.

jdk_min=25

# jdk_major DIR: the feature version of the JDK in DIR (25 for 25.0.1, 1 for 1.8), or nothing
# if DIR has no java and javac.
jdk_major() {
    [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
    if [ -f "$1/release" ]; then
        sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
    else
        "$1/bin/java" -XshowSettings:properties -version 2>&1 \
            | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
    fi
}

# jdk_ok DIR: true if DIR is a JDK >= jdk_min.
jdk_ok() {
    jdk_v=$(jdk_major "$1")
    [ -n "$jdk_v" ] && [ "$jdk_v" -ge "$jdk_min" ]
}

jdk_found=
if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then
    jdk_found=$JAVA_HOME
fi
if [ -z "$jdk_found" ] && command -v java >/dev/null 2>&1; then
    jdk_dir=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if jdk_ok "$jdk_dir"; then
        jdk_found=$jdk_dir
    fi
fi
if [ -z "$jdk_found" ]; then
    jdk_best=0
    case $- in *f*) jdk_noglob=1; set +f ;; *) jdk_noglob= ;; esac
    for jdk_dir in /usr/lib/jvm/*; do
        jdk_v=$(jdk_major "$jdk_dir")
        if [ -n "$jdk_v" ] && [ "$jdk_v" -ge "$jdk_min" ] && [ "$jdk_v" -gt "$jdk_best" ]; then
            jdk_best=$jdk_v
            jdk_found=$jdk_dir
        fi
    done
    [ -z "$jdk_noglob" ] || set -f
fi

if [ -z "$jdk_found" ]; then
    echo "No JDK $jdk_min or newer found (JAVA_HOME, java on PATH, /usr/lib/jvm): install one, e.g. Temurin $jdk_min from https://adoptium.net/ or \`sudo apt-get install openjdk-$jdk_min-jdk-headless\` where your distribution has it, and set JAVA_HOME to it if it is not on PATH." >&2
    return 1
fi
if [ -n "${JAVA_HOME:-}" ] && [ "$JAVA_HOME" != "$jdk_found" ]; then
    echo "JAVA_HOME=$JAVA_HOME is not a JDK $jdk_min or newer; using $jdk_found" >&2
fi
JAVA_HOME=$jdk_found
PATH=$JAVA_HOME/bin:$PATH
export JAVA_HOME PATH
