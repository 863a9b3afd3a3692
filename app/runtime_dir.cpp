#include "runtime_dir.h"

#include <QByteArray>
#include <QFile>

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace ponder::app {

#if defined(Q_OS_UNIX) && !defined(Q_OS_DARWIN)
namespace {

// What Qt checks (qstandardpaths_unix.cpp): a real directory, ours, no access for anyone else.
bool isPrivateDir(const QByteArray& path) {
    struct stat st = {};
    return !path.isEmpty() && ::lstat(path.constData(), &st) == 0 && S_ISDIR(st.st_mode) &&
           st.st_uid == ::geteuid() && (st.st_mode & 07777) == 0700;
}

// parent/ponder-runtime-UID, made private if it is new; a mkdtemp directory if the name is taken by a
// file, a link or another user.
QByteArray makePrivateDir(const QString& parent) {
    const QByteArray fixed = QFile::encodeName(parent) + "/ponder-runtime-" + QByteArray::number(::geteuid());
    ::mkdir(fixed.constData(), 0700); // fails harmlessly when it exists; checked either way
    if (isPrivateDir(fixed))
        return fixed;
    QByteArray pattern = QFile::encodeName(parent) + "/ponder-runtime-XXXXXX";
    if (::mkdtemp(pattern.data()))
        return pattern;
    return {};
}

} // namespace

RuntimeDirChoice ensurePrivateRuntimeDir(const QString& fallbackParent) {
    const QByteArray current = qgetenv("XDG_RUNTIME_DIR");
    if (isPrivateDir(current))
        return {};
    const QByteArray replacement = makePrivateDir(fallbackParent);
    if (replacement.isEmpty())
        return {}; // nothing better to offer: Qt falls back on its own and says so
    RuntimeDirChoice choice;
    // A Wayland compositor's socket is found relative to the runtime directory; keep reaching it.
    const QByteArray wayland = qgetenv("WAYLAND_DISPLAY");
    if (!current.isEmpty() && !wayland.isEmpty() && !wayland.startsWith('/')) {
        const QByteArray socket = current + '/' + wayland;
        struct stat st = {};
        if (::stat(socket.constData(), &st) == 0 && S_ISSOCK(st.st_mode)) {
            qputenv("WAYLAND_DISPLAY", socket);
            choice.waylandDisplay = QFile::decodeName(socket);
        }
    }
    qputenv("XDG_RUNTIME_DIR", replacement);
    choice.path = QFile::decodeName(replacement);
    return choice;
}
#else
RuntimeDirChoice ensurePrivateRuntimeDir(const QString&) {
    return {};
}
#endif

} // namespace ponder::app
