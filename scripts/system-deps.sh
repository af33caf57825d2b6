#!/usr/bin/env bash
# Installs the Debian packages the full test suite drives (idempotent; needs root and apt).
# Without root or apt it only says what is missing: the tests that need a program then skip,
# unless CHISOXANH_REQUIRE_ALL=1 turns those skips into failures (as CI does).
set -euo pipefail

# Chromium for the browser tests; LibreOffice (Writer, no GUI) and poppler to turn documents
# into PDF and PNG; Liberation fonts carry Times New Roman's metrics with Vietnamese letters;
# Tesseract with its Vietnamese model reads scanned plans.
# Other packages can be named on the command line instead (the benchmarks ask for wrk).
if [ $# -gt 0 ]; then
  packages=("$@")
else
  packages=(chromium fonts-liberation2 libreoffice-writer-nogui poppler-utils tesseract-ocr tesseract-ocr-vie)
fi
missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Cài đặt gói hệ thống: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "Thiếu gói hệ thống (cần quyền root để cài): ${missing[*]} — các kiểm thử trình duyệt sẽ bị bỏ qua."
fi
