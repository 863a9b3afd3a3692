// ensurePrivateRuntimeDir: Qt gets a runtime directory it will not warn about, whatever the
// environment held, and a Wayland socket in the old directory stays reachable.
#include "runtime_dir.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

using namespace ponder::app;

namespace {

mode_t modeOf(const QString& path) {
    struct stat st = {};
    if (::lstat(QFile::encodeName(path).constData(), &st) != 0)
        return 0;
    return st.st_mode & 07777;
}

} // namespace

class RuntimeDirTest : public QObject {
    Q_OBJECT

    QTemporaryDir tmp_;

private slots:
    void init() {
        QTest::failOnWarning(QRegularExpression("QStandardPaths"));
        qunsetenv("XDG_RUNTIME_DIR");
        qunsetenv("WAYLAND_DISPLAY");
    }

    void aPrivateDirectoryIsKept() {
        const QString dir = tmp_.path() + "/private";
        QVERIFY(QDir().mkdir(dir));
        QVERIFY(::chmod(QFile::encodeName(dir).constData(), 0700) == 0);
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir));
        QVERIFY(ensurePrivateRuntimeDir(tmp_.path()).path.isEmpty());
        QCOMPARE(qgetenv("XDG_RUNTIME_DIR"), QFile::encodeName(dir));
    }

    void replacesWhatQtWouldWarnAbout_data() {
        QTest::addColumn<QString>("value");
        QTest::newRow("unset") << QString();
        QTest::newRow("missing") << "/nonexistent/runtime";
        QTest::newRow("shared 0755") << "shared";
        QTest::newRow("a file") << "file";
    }
    void replacesWhatQtWouldWarnAbout() {
        QFETCH(QString, value);
        const QString shared = tmp_.path() + "/shared";
        QDir().mkpath(shared);
        QVERIFY(::chmod(QFile::encodeName(shared).constData(), 0755) == 0);
        QFile file(tmp_.path() + "/file");
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        if (value == "shared" || value == "file")
            value = tmp_.path() + "/" + value;
        if (!value.isEmpty())
            qputenv("XDG_RUNTIME_DIR", QFile::encodeName(value));

        const RuntimeDirChoice choice = ensurePrivateRuntimeDir(tmp_.path());
        QCOMPARE(choice.path, tmp_.path() + "/ponder-runtime-" + QString::number(::geteuid()));
        QCOMPARE(QFile::decodeName(qgetenv("XDG_RUNTIME_DIR")), choice.path);
        QCOMPARE(modeOf(choice.path), mode_t(0700));
        // What Qt itself decides: no fallback, no warning.
        QCOMPARE(QStandardPaths::writableLocation(QStandardPaths::RuntimeLocation), choice.path);
    }

    // Someone else's directory (here: a link) under the fixed name is never used.
    void aTakenNameGetsAFreshDirectory() {
        QTemporaryDir parent;
        const QString fixed = parent.path() + "/ponder-runtime-" + QString::number(::geteuid());
        QVERIFY(QFile::link(tmp_.path(), fixed));
        const RuntimeDirChoice choice = ensurePrivateRuntimeDir(parent.path());
        QVERIFY(!choice.path.isEmpty());
        QVERIFY(choice.path != fixed);
        QVERIFY(choice.path.startsWith(parent.path() + "/ponder-runtime-"));
        QCOMPARE(modeOf(choice.path), mode_t(0700));
    }

    void aWaylandSocketInTheOldDirectoryStaysReachable() {
        const QString shared = tmp_.path() + "/wayland-shared";
        QDir().mkpath(shared);
        QVERIFY(::chmod(QFile::encodeName(shared).constData(), 0755) == 0);
        const QByteArray socketPath = QFile::encodeName(shared + "/wayland-0");
        const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        std::strncpy(address.sun_path, socketPath.constData(), sizeof(address.sun_path) - 1);
        QVERIFY(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
        qputenv("XDG_RUNTIME_DIR", QFile::encodeName(shared));
        qputenv("WAYLAND_DISPLAY", "wayland-0");

        const RuntimeDirChoice choice = ensurePrivateRuntimeDir(tmp_.path());
        ::close(fd);
        QCOMPARE(choice.waylandDisplay, QFile::decodeName(socketPath));
        QCOMPARE(qgetenv("WAYLAND_DISPLAY"), socketPath);
    }
};

QTEST_GUILESS_MAIN(RuntimeDirTest)
#include "runtime_dir_test.moc"
