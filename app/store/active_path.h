// Branches: each message has a parent; regenerating or editing adds a sibling. The active path
// starts at the newest-chosen root and follows the newest-chosen child at every step.
#pragma once

#include "store/store_types.h"

#include <vector>

namespace ponder::store {

struct PathEntry {
    Message message;
    int branchIndex = 0; // position among its siblings, 0-based, oldest first
    int branchCount = 1;
};

std::vector<PathEntry> activePath(const std::vector<Message>& messages);
// Siblings of `messageId` (itself included), oldest first; empty when the id is unknown.
std::vector<int64_t> siblingIds(const std::vector<Message>& messages, int64_t messageId);

} // namespace ponder::store
