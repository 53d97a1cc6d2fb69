#!/usr/bin/env bash
# Install Debian's chromium for the browser tests when it is missing, and poppler-utils
# (pdftotext, pdftoppm) with it: the print test reads back the PDF chromium makes.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
echo "Installing Debian's chromium and poppler-utils for the browser tests…" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core poppler-utils >/dev/null
command -v chromium >/dev/null
command -v pdftoppm >/dev/null
