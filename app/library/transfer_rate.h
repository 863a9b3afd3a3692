// Speed and time left of a transfer, over a sliding window of recent samples, so a stall shows
// within seconds and a burst does not promise a finish that will not come.
#pragma once

#include <QList>
#include <QtGlobal>

namespace ponder::library {

class TransferRate {
  public:
    explicit TransferRate(qint64 windowMs = 5000) : windowMs_(windowMs) {}

    // `bytes` transferred in all by the time `ms` (any monotonic clock).
    void add(qint64 ms, qint64 bytes);
    void reset() { samples_.clear(); }
    double bytesPerSecond() const;
    // Seconds until `remaining` more bytes are in at the current speed; -1 while the speed is unknown.
    qint64 secondsLeft(qint64 remaining) const;

  private:
    struct Sample { qint64 ms, bytes; };
    qint64 windowMs_;
    QList<Sample> samples_;
};

} // namespace ponder::library
