# Run by the pom (maven-antrun-plugin, pre-integration-test) before the browser tests (*IT):
#
#     sh .mvn/chromium.sh CHROMIUM_PATH SKIP_TESTS SKIP_ITS MAVEN_TEST_SKIP
#
# Does nothing when the browser tests are skipped (any SKIP_* is true). Otherwise makes sure
# CHROMIUM_PATH (-Dchromium.path, default /usr/bin/chromium) can be run: when the default one
# is missing and we are root on Debian (CI), installs Debian's chromium package; else prints
# one sentence on stderr saying how to get it (the build fails with it) and exits 1.
set -eu
path=$1
shift
for skip in "$@"; do
    [ "$skip" != true ] || exit 0
done
[ ! -x "$path" ] || exit 0

if [ "$path" != /usr/bin/chromium ]; then
    echo "No Chromium at $path (given with -Dchromium.path): point -Dchromium.path at a Chromium binary, or drop it to use /usr/bin/chromium (\`sudo apt-get install chromium\`)." >&2
    exit 1
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Chromium for the browser tests is missing: installing Debian's chromium package"
    export DEBIAN_FRONTEND=noninteractive
    if apt-get update -qq && apt-get install -y -qq chromium >/dev/null && [ -x "$path" ]; then
        exit 0
    fi
fi
echo "Chromium for the browser tests is missing at $path: install it (\`sudo apt-get install chromium\` on Debian), point -Dchromium.path=... at another Chromium, or skip the browser tests with -DskipITs." >&2
exit 1
