# Run by the pom (maven-antrun-plugin, process-test-classes) before the tests:
#
#     sh .mvn/postgresql.sh SKIP_TESTS MAVEN_TEST_SKIP
#
# The store's tests run against H2 and against a throw-away PostgreSQL cluster, which they start
# themselves from Debian's binaries (/usr/lib/postgresql/*/bin). When those are missing and we are
# root on Debian (CI), installs Debian's postgresql package. Never fails the build: without
# PostgreSQL those tests are reported as skipped, with the reason.
set -u
for skip in "$@"; do
    [ "$skip" != true ] || exit 0
done
for bin in /usr/lib/postgresql/*/bin; do
    [ ! -x "$bin/initdb" ] || exit 0
done
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL for the store tests is missing: installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq postgresql >/dev/null; then
        exit 0
    fi
    echo "Installing postgresql failed: the PostgreSQL store tests will be skipped" >&2
else
    echo "PostgreSQL is not installed (\`sudo apt-get install postgresql\` on Debian): the PostgreSQL store tests will be skipped"
fi
exit 0
