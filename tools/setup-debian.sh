#!/usr/bin/env bash
# Installs everything Ponder needs to build, test and run on Debian 12 (bookworm), and nothing else:
# CI builds in a fresh `debootstrap --variant=minbase` root, so a package missing here fails CI.
# Quick (one dpkg query) when everything is already installed.
set -euo pipefail
packages=(
  # build
  build-essential cmake ninja-build pkg-config python3 unicode-data
  libvulkan-dev libvulkan-volk-dev glslang-tools spirv-tools
  libsqlite3-dev nlohmann-json3-dev
  qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools libgl-dev
  qtkeychain-qt6-dev  # the Hugging Face access token in the OS keychain
  # run: the Vulkan driver for machines without a GPU (lavapipe), the QML modules the UI imports
  # (loaded at run time, so the build cannot notice one missing) and a font
  mesa-vulkan-drivers vulkan-tools fonts-dejavu-core
  fonts-katex # the fonts formulas are drawn in (app/math)
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtquick-dialogs
  qml6-module-qtqml-workerscript qml6-module-qtcore qml6-module-qt-labs-platform
  qml6-module-qt-labs-folderlistmodel
  # test: GoogleTest/GoogleMock, jinja2 as the template oracle, clang for the sanitizer and fuzz
  # builds, Qt Quick Test, and an X server for the real-window tests
  libgtest-dev libgmock-dev python3-jinja2 clang libclang-rt-14-dev qml6-module-qttest
  g++-mingw-w64-x86-64-posix  # the Windows cross build in tools/run-tests.sh
  xvfb xauth
)
missing=()
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null | grep " install ok installed$" |
            cut -d' ' -f1 || true)
for p in "${packages[@]}"; do
  grep -qx "$p" <<<"$installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup-debian: installing ${missing[*]}"
as_root=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null; then
    echo "setup-debian: these packages are missing and installing them needs root; run this script as root" \
         "or install sudo:" >&2
    echo "  apt-get install ${missing[*]}" >&2
    exit 1
  fi
  as_root=(sudo)
fi
"${as_root[@]}" apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
