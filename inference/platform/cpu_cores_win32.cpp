// physical_core_count on Windows: the RelationProcessorCore records of GetLogicalProcessorInformationEx.
#ifdef _WIN32

#include "platform/cpu_cores.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>

#include <algorithm>
#include <thread>
#include <vector>

namespace ponder {

unsigned physical_core_count() {
    const unsigned fallback = std::max(1u, std::thread::hardware_concurrency());
    DWORD bytes = 0;
    GetLogicalProcessorInformationEx(RelationProcessorCore, nullptr, &bytes);
    if (bytes == 0) return fallback;
    std::vector<char> buffer(bytes);
    auto* info = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(buffer.data());
    if (!GetLogicalProcessorInformationEx(RelationProcessorCore, info, &bytes)) return fallback;
    unsigned cores = 0;
    for (DWORD offset = 0; offset < bytes;) {
        auto* record = reinterpret_cast<SYSTEM_LOGICAL_PROCESSOR_INFORMATION_EX*>(buffer.data() + offset);
        if (record->Relationship == RelationProcessorCore) ++cores;
        offset += record->Size;
    }
    return cores ? cores : fallback;
}

} // namespace ponder

#endif
