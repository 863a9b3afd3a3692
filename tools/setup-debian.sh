#!/usr/bin/env bash
# Installs everything Ponder needs to build, test and run on Debian 12 (bookworm).
set -euo pipefail
packages=(
  build-essential cmake ninja-build pkg-config python3 python3-jinja2
  clang libclang-rt-14-dev
  libvulkan-dev vulkan-tools mesa-vulkan-drivers glslang-tools spirv-tools
  libsqlite3-dev nlohmann-json3-dev libgtest-dev unicode-data
  qt6-base-dev qt6-declarative-dev qt6-declarative-dev-tools libgl-dev
  qml6-module-qtquick qml6-module-qtquick-controls qml6-module-qtquick-layouts
  qml6-module-qtquick-window qml6-module-qtquick-templates qml6-module-qtquick-dialogs
  qml6-module-qtqml-workerscript qml6-module-qtcore qml6-module-qt-labs-platform qml6-module-qttest
  qml6-module-qt-labs-folderlistmodel
  xvfb xauth
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
