#include "library/transfer_rate.h"

#include <cmath>

namespace ponder::library {

void TransferRate::add(qint64 ms, qint64 bytes) {
    samples_.append({ms, bytes});
    // Keep one sample older than the window, so the window is always covered.
    while (samples_.size() > 2 && ms - samples_[1].ms >= windowMs_) samples_.removeFirst();
}

double TransferRate::bytesPerSecond() const {
    if (samples_.size() < 2) return 0;
    const Sample& first = samples_.first();
    const Sample& last = samples_.last();
    const qint64 ms = last.ms - first.ms;
    return ms > 0 ? double(last.bytes - first.bytes) * 1000.0 / double(ms) : 0;
}

qint64 TransferRate::secondsLeft(qint64 remaining) const {
    const double speed = bytesPerSecond();
    if (remaining <= 0) return 0;
    return speed > 0 ? qint64(std::ceil(double(remaining) / speed)) : -1;
}

} // namespace ponder::library
