#!/usr/bin/env bash
# Regenerates the screenshots of the console's main pages in docs/console/: runs the console's page and action tests
# (the whole beta environment from the AppHost, Debian's chromium driven by Playwright), which save a full-page PNG
# of each page they check, and copies them. Never edit the PNGs by hand.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bash scripts/prerequisites.sh
bash scripts/bootstrap-root-image.sh

dotnet build tests/Console.Tests -nologo -clp:ErrorsOnly
shots="$root/tests/Console.Tests/bin/Debug/net10.0/screenshots"
rm -rf "$shots"
dotnet test tests/Console.Tests --no-build --nologo --filter "FullyQualifiedName~Platform.Console.Tests.Pages.PageTests|FullyQualifiedName~Platform.Console.Tests.Pages.ActionTests"

mkdir -p docs/console
rm -f docs/console/*.png
cp "$shots"/*.png docs/console/
echo "screenshots: $(cd docs/console && ls *.png | tr '\n' ' ')"
