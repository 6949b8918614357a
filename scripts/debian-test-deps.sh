#!/usr/bin/env bash
# Installs the Debian packages the tests need (Chromium, its driver, CJK fonts, poppler, tesseract
# with simplified Chinese for the optional OCR path, and sphinxsearch's searchd for the engine tests),
# only when they are missing.  Needs root or sudo; says so clearly otherwise.
set -euo pipefail
need=()
command -v searchd >/dev/null || need+=(sphinxsearch)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
fc-list 2>/dev/null | grep -qi "noto.*cjk" || need+=(fonts-noto-cjk)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v tesseract >/dev/null || need+=(tesseract-ocr)
[ -f /usr/share/tesseract-ocr/5/tessdata/chi_sim.traineddata ] || ls /usr/share/tesseract-ocr/*/tessdata/chi_sim.traineddata >/dev/null 2>&1 || need+=(tesseract-ocr-chi-sim)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "Browser tests need Debian packages ${need[*]}: install them as root (apt-get install ${need[*]})." >&2
    exit 1
  fi
fi
echo "Installing Debian packages: ${need[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
