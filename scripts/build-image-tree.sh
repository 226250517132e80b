#!/bin/sh
# The container image's build steps, in one place: the Dockerfile runs this script, and .ci/run runs it too, so CI
# proves the image's contents without a container engine. It builds dist/ from the sources, assembles in OUT what
# production runs (package.json and the lock file, dist/, bin/, assets/, db/migrations/ and db/postgres/, data/demo/
# without its generated files), installs the production dependencies only, and checks that the tree works on its own:
# every file the code finds through packagePath() present, no devDependency installed, the CLI's help, a database
# created and migrated, a holdings file ingested, a chart drawn by the compiled worker process, and the bot's entry
# point loading every module it imports.
#
# Usage: scripts/build-image-tree.sh OUT
# Needs: the devDependencies installed in this source tree (for the build), npm, and Node 22 or 24 as `node`
# (in .ci/run the pinned one: node_modules/.bin first on PATH). OUT must lie outside this source tree, where
# Node could not find this tree's node_modules.
set -eu

out=${1:?usage: scripts/build-image-tree.sh OUT}
src=$(cd "$(dirname "$0")/.." && pwd)
out=$(realpath -m "$out")
case "$out/" in
"$src"/*)
  echo "build-image-tree: OUT ($out) must lie outside the source tree ($src)" >&2
  exit 2
  ;;
esac
node -e 'if (Number(process.versions.node.split(".")[0]) < 22) { console.error(`build-image-tree: node is ${process.version}; Node 22 or 24 is needed`); process.exit(1); }'

cd "$src"
npm run --silent build

rm -rf "$out"
mkdir -p "$out/db" "$out/data"
cp package.json package-lock.json "$out/"
cp -R dist bin assets "$out/"
cp -R db/migrations db/postgres "$out/db/"
cp -R data/demo "$out/data/"
rm -rf "$out/data/demo/generated"

# --ignore-scripts: no production dependency needs an install script (better-sqlite3 ships prebuilt binaries; its
# gyp rebuild is denied in allowScripts), and the package's own `prepare` (the build) is done already.
cd "$out"
npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# Smoke check of the tree, with type stripping off so that no TypeScript file can run by mistake.
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
export NODE_OPTIONS=--no-experimental-strip-types
# Every file or folder the sources find through packagePath('a', 'b') (src/core/paths.ts) is in the tree.
for shipped in $(grep -rhoE "packagePath\(('[^']+'(, )?)+\)" "$src/src" | sed -E "s/packagePath\(//; s/\)$//; s/', '/\//g; s/'//g"); do
  if [ ! -e "$shipped" ]; then
    echo "build-image-tree: $shipped (found by the code through packagePath) is not in the tree" >&2
    exit 1
  fi
done
for dev in typescript tsx vitest @biomejs/biome node; do
  if [ -e "node_modules/$dev" ]; then
    echo "build-image-tree: devDependency $dev is in the production tree" >&2
    exit 1
  fi
done
node bin/zombie.js --help >/dev/null
node bin/zombie.js --db "$smoke/smoke.db" ingest holdings data/demo/holdings/IWM_holdings.csv
node bin/zombie.js --db "$smoke/smoke.db" render '/zombie sectors' --out "$smoke" >/dev/null
test -s "$smoke/sectors.png" || {
  echo "build-image-tree: the compiled chart worker drew no sectors.png" >&2
  exit 1
}
# Without its configuration the bot stops at once with exit 1, after every module it imports has loaded.
status=0
(cd "$smoke" && env -u DISCORD_TOKEN -u DISCORD_APP_ID node "$out/dist/src/bot/main.js" >"$smoke/bot.out" 2>&1) || status=$?
if [ "$status" -ne 1 ] || ! grep -q 'Missing configuration' "$smoke/bot.out"; then
  echo "build-image-tree: the bot's entry point did not load (exit $status):" >&2
  cat "$smoke/bot.out" >&2
  exit 1
fi
echo "build-image-tree: $out ready ($(du -sh "$out" | cut -f1)), smoke check passed on node $(node --version)"
