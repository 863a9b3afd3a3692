#include "chat/context_choice.h"

#include <QLocale>
#include <QObject>

#include <algorithm>

namespace ponder::app {

namespace {
constexpr uint32_t kFallbackContext = 4096;

QString tokens(uint32_t n) {
    return QObject::tr("%1 tokens").arg(QLocale().toString(qulonglong(n)));
}

bool fits(const ContextEstimate& estimate, uint32_t n, QString* error) {
    auto memory = estimate(n);
    if (!memory) {
        *error = QString::fromStdString(memory.error().message);
        return false;
    }
    return memory->fits;
}
} // namespace

ContextChoice chooseContext(uint32_t trainedContext, uint32_t explicitMinimum, const ContextEstimate& estimate) {
    const uint32_t trained = trainedContext > 0 ? trainedContext : kFallbackContext;
    const uint32_t minimum = std::min(explicitMinimum, trained);
    QString error;
    if (fits(estimate, trained, &error))
        return {int(trained), QObject::tr("the model's trained context (%1), which fits in memory").arg(tokens(trained))};

    // Memory grows with the context, so the fitting lengths are a prefix: binary search over steps.
    uint32_t lo = 0, hi = (trained - 1) / kContextStep; // steps known to fit / the first not known to
    while (lo < hi && error.isEmpty()) {
        const uint32_t mid = (lo + hi + 1) / 2;
        if (fits(estimate, mid * kContextStep, &error))
            lo = mid;
        else
            hi = mid - 1;
    }
    const uint32_t largest = lo * kContextStep;
    if (!error.isEmpty() || largest == 0) {
        const uint32_t fallback = std::max(minimum, std::min(trained, kFallbackContext));
        const QString why = error.isEmpty() ? QObject::tr("even a short context does not fit in memory")
                                            : QObject::tr("the memory estimate failed: %1").arg(error);
        return {int(fallback), QObject::tr("%1 (%2)").arg(tokens(fallback), why)};
    }
    if (minimum > largest)
        return {int(minimum), QObject::tr("your setting (%1), though only %2 fit in memory")
                                  .arg(tokens(minimum), tokens(largest))};
    return {int(largest), QObject::tr("the most that fits in memory (%1 of the model's %2)")
                              .arg(tokens(largest), tokens(trained))};
}

} // namespace ponder::app
