// Tables generated at build time from UnicodeData.txt (gen_unicode_tables.py); read them through
// tokenizer/unicode.h, which turns them into a per-code-point lookup.
#pragma once

#include <cstddef>
#include <cstdint>

namespace ponder::unicode_tables {

// Code points from `first` up to the next run's `first` share `flags` (CodepointFlag bits).
struct CategoryRun {
    char32_t first;
    uint16_t flags;
};

struct CaseMapping {
    char32_t from;
    char32_t to;
};

extern const CategoryRun kCategoryRuns[];
extern const size_t kCategoryRunCount;
extern const char32_t kWhiteSpace[];  // sorted
extern const size_t kWhiteSpaceCount;
extern const CaseMapping kLowercaseMappings[];  // sorted by `from`
extern const size_t kLowercaseMappingCount;

} // namespace ponder::unicode_tables
