// The model the chat tests talk to: tiny qwen2 weights (random, so replies are noise) with the real
// Qwen tokenizer and QwQ-32B's chat template, whose generation prompt opens <think>.
#pragma once

#include "chat/chat_session.h"
#include "tokenizer/tokenizer.h"

#include <memory>
#include <string>
#include <vector>

namespace ponder::testing {

// Generated once per test process.
const std::string& qwq_test_model();
std::string qwq_template_source();

// Loads qwq_test_model() with `context_length` positions; fails the test on error.
std::unique_ptr<ChatSession> load_qwq_session(uint32_t context_length = 1024);

// The tokenizer stored in qwq_test_model().
const Tokenizer& qwq_tokenizer();

// Prompt tokens computed without the session: the template rendered, then tokenized whole with
// control tokens parsed (right for conversations whose text holds no control-token text).
std::vector<int32_t> plain_prompt_tokens(const std::vector<ChatMessage>& messages);

} // namespace ponder::testing
