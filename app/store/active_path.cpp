#include "store/active_path.h"

#include <algorithm>

namespace ponder::store {

namespace {
std::vector<const Message*> childrenOf(const std::vector<Message>& messages, std::optional<int64_t> parent) {
    std::vector<const Message*> children;
    for (const Message& m : messages)
        if (m.parentId == parent)
            children.push_back(&m);
    std::sort(children.begin(), children.end(),
              [](const Message* a, const Message* b) { return a->id < b->id; });
    return children;
}
} // namespace

std::vector<PathEntry> activePath(const std::vector<Message>& messages) {
    std::vector<PathEntry> path;
    std::optional<int64_t> parent;
    for (;;) {
        const auto children = childrenOf(messages, parent);
        if (children.empty() || path.size() > messages.size())
            break; // size guard: no cycles
        const auto chosen =
            std::max_element(children.begin(), children.end(),
                             [](const Message* a, const Message* b) { return a->chosenAt < b->chosenAt; });
        path.push_back({**chosen, int(chosen - children.begin()), int(children.size())});
        parent = (*chosen)->id;
    }
    return path;
}

std::vector<int64_t> siblingIds(const std::vector<Message>& messages, int64_t messageId) {
    const auto self =
        std::find_if(messages.begin(), messages.end(), [&](const Message& m) { return m.id == messageId; });
    if (self == messages.end())
        return {};
    std::vector<int64_t> ids;
    for (const Message* m : childrenOf(messages, self->parentId))
        ids.push_back(m->id);
    return ids;
}

} // namespace ponder::store
