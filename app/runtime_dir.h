// A private XDG runtime directory for the process, before Qt looks for one.
//
// Qt wants $XDG_RUNTIME_DIR to exist, belong to the user and be mode 0700; otherwise every start
// prints "QStandardPaths: XDG_RUNTIME_DIR not set" or "wrong permissions on runtime directory" (seen
// on a fresh Debian console login, in containers, and when a shared directory is exported by a
// script). Nothing in Ponder needs the shared one, so such a value is replaced by a private
// directory the user owns, and the user sees no warning.
#pragma once

#include <QString>

namespace ponder::app {

struct RuntimeDirChoice {
    QString path;     // what XDG_RUNTIME_DIR now holds; empty when it was already fine
    QString waylandDisplay; // an absolute WAYLAND_DISPLAY, when the socket lived in the old directory
};

// Checks XDG_RUNTIME_DIR and, if Qt would warn about it, points it at `fallbackParent`/ponder-runtime-UID
// (created 0700, or a fresh mkdtemp directory if that name is taken by someone else). Unix only; a
// no-op elsewhere.
RuntimeDirChoice ensurePrivateRuntimeDir(const QString& fallbackParent = QStringLiteral("/tmp"));

} // namespace ponder::app
