// Available host memory on Linux (/proc/meminfo MemAvailable: free plus reclaimable caches) and macOS
// (free, inactive and purgeable pages), with physical memory as the fallback.
#ifndef _WIN32

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#if defined(__APPLE__)
#include <mach/mach.h>
#endif

namespace ponder {

uint64_t os_available_host_memory() {
#if defined(__APPLE__)
    vm_statistics64_data_t stats{};
    mach_msg_type_number_t count = HOST_VM_INFO64_COUNT;
    if (host_statistics64(mach_host_self(), HOST_VM_INFO64, reinterpret_cast<host_info64_t>(&stats), &count) ==
        KERN_SUCCESS)
        return (uint64_t(stats.free_count) + stats.inactive_count + stats.purgeable_count) * uint64_t(vm_page_size);
#else
    std::ifstream meminfo("/proc/meminfo");
    for (std::string line; std::getline(meminfo, line);) {
        if (line.rfind("MemAvailable:", 0) != 0)
            continue;
        std::istringstream fields(line.substr(13));
        uint64_t kib = 0;
        if (fields >> kib)
            return kib * 1024;
    }
#endif
    const long pages = sysconf(_SC_PHYS_PAGES), page_size = sysconf(_SC_PAGESIZE);
    return pages > 0 && page_size > 0 ? uint64_t(pages) * uint64_t(page_size) : 0;
}

} // namespace ponder

#endif
