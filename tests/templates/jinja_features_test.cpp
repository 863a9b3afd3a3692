// The Jinja features chat templates use, one expected rendering each; every case is also
// rendered by jinja2 (as HF configures it) and must match it.
#include "jinja2_oracle.h"

#include "chat/chat_template.h"

#include <gtest/gtest.h>

namespace ponder {
namespace {

struct FeatureCase {
    const char* name;
    const char* source;
    const char* context;  // JSON object
    const char* expected;
};

const FeatureCase kFeatures[] = {
    // statements
    {"if_elif_else", "{% if x > 2 %}big{% elif x > 1 %}mid{% else %}small{% endif %}", R"({"x": 2})", "mid"},
    {"for_loop_variables", "{% for c in 'abc' %}{{ loop.index }}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.length }}{{ loop.first }}{{ loop.last }};{% endfor %}",
     "{}", "10323TrueFalse;21213FalseFalse;32103FalseTrue;"},
    {"for_previtem_nextitem", "{% for i in [1, 2, 3] %}{{ loop.previtem is defined }}-{{ loop.nextitem | default('end') }} {% endfor %}",
     "{}", "False-2 True-3 True-end "},
    {"for_else_on_empty", "{% for i in [] %}x{% else %}none{% endfor %}", "{}", "none"},
    {"for_with_filter_condition", "{% for i in range(10) if i is odd %}{{ i }}/{{ loop.length }} {% endfor %}", "{}",
     "1/5 3/5 5/5 7/5 9/5 "},
    {"for_unpacking_dict_items", "{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}", R"({"d": {"z": 1, "a": 2}})", "z=1;a=2;"},
    {"for_over_dict_yields_keys", "{% for k in d %}{{ k }}{% endfor %}", R"({"d": {"b": 1, "a": 2}})", "ba"},
    {"break_and_continue", "{% for i in range(10) %}{% if i == 2 %}{% continue %}{% endif %}{% if i == 5 %}{% break %}{% endif %}{{ i }}{% endfor %}",
     "{}", "0134"},
    {"loop_cycle", "{% for i in range(4) %}{{ loop.cycle('a', 'b') }}{% endfor %}", "{}", "abab"},
    {"set_inside_for_does_not_leak", "{% set x = 1 %}{% for i in [1] %}{% set x = 2 %}{{ x }}{% endfor %}{{ x }}", "{}", "21"},
    {"set_inside_if_leaks", "{% if true %}{% set x = 'in' %}{% endif %}{{ x }}", "{}", "in"},
    {"namespace_carries_out_of_loops", "{% set ns = namespace(n=0, seen=false) %}{% for i in range(3) %}{% set ns.n = ns.n + i %}{% endfor %}{{ ns.n }} {{ ns.seen }}",
     "{}", "3 False"},
    {"block_set_with_filter", "{% set x | upper %}hello {{ name }}{% endset %}[{{ x }}]", R"({"name": "bob"})", "[HELLO BOB]"},
    {"tuple_set", "{% set a, b = 1, 2 %}{{ a }}{{ b }}", "{}", "12"},
    {"macro_with_defaults", "{% macro greet(name, punct='!') %}Hi {{ name }}{{ punct }}{% endmacro %}{{ greet('Ann') }} {{ greet('Bo', punct='?') }}",
     "{}", "Hi Ann! Hi Bo?"},
    {"call_block", "{% macro box() %}[{{ caller() }}]{% endmacro %}{% call box() %}inside{% endcall %}", "{}", "[inside]"},
    {"raw_block", "{% raw %}{{ not evaluated }} {% if %}{% endraw %}", "{}", "{{ not evaluated }} {% if %}"},
    {"filter_block", "{% filter upper %}shout {{ 'it' }}{% endfilter %}", "{}", "SHOUT IT"},
    {"comments_vanish", "a{# a comment #}b", "{}", "ab"},
    // whitespace control, trim_blocks and lstrip_blocks
    {"trim_blocks_removes_newline_after_tag", "{% if true %}\nyes\n{% endif %}\nend", "{}", "yes\nend"},
    {"lstrip_blocks_removes_indent_before_tag", "<\n    {% if true %}\n    x\n    {% endif %}\n>", "{}", "<\n    x\n>"},
    {"minus_strips_all_whitespace", "a  \n  {%- if true -%}  \n  b  \n  {%- endif -%}\n  c", "{}", "abc"},
    {"variable_minus_strips", "a \n {{- 'b' -}} \n c", "{}", "abc"},
    {"plus_keeps_indent", "x\n  {%+ if true %}y{% endif %}", "{}", "x\n  y"},
    {"variables_are_not_lstripped", "x\n  {{ 'y' }}\n", "{}", "x\n  y"},
    {"comment_trim_and_lstrip", "a\n  {# c #}\nb", "{}", "a\nb"},
    {"single_trailing_newline_dropped", "line\n\n", "{}", "line\n"},
    {"crlf_normalized", "a\r\nb\rc", "{}", "a\nb\nc"},
    // expressions
    {"arithmetic", "{{ 7 // 2 }} {{ -7 // 2 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2 ** 10 }} {{ 7 / 2 }} {{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }}",
     "{}", "3 -4 1 2 1024 3.5 7 9"},
    {"float_formatting", "{{ 1.0 }} {{ 0.1 + 0.2 }} {{ 1e16 }} {{ 1.5e-5 }} {{ 2.5 * 2 }} {{ 100.0 / 3 }}", "{}",
     "1.0 0.30000000000000004 1e+16 1.5e-05 5.0 33.333333333333336"},
    {"python_printing", "{{ [1, 'a', none, true, 2.0] }} {{ {'k': 'v', 'n': [1]} }} {{ none }} {{ false }} {{ \"it's\" }}", "{}",
     "[1, 'a', None, True, 2.0] {'k': 'v', 'n': [1]} None False it's"},
    {"string_repr_quotes", "{{ [\"it's\", 'say \"hi\"', 'tab\\there', 'back\\\\slash'] }}", "{}",
     "[\"it's\", 'say \"hi\"', 'tab\\there', 'back\\\\slash']"},
    {"comparisons_and_logic", "{{ 1 < 2 < 3 }} {{ 1 == 1.0 }} {{ 'a' != 'b' }} {{ not 0 }} {{ 0 or 'x' }} {{ 'y' and 0 }} {{ [] or none }}",
     "{}", "True True True True x 0 None"},
    {"in_and_not_in", "{{ 'b' in 'abc' }} {{ 2 in [1, 2] }} {{ 'k' in {'k': 1} }} {{ 'z' not in 'abc' }} {{ not 'a' in 'abc' }}",
     "{}", "True True True True False"},
    {"tilde_concatenates_any_value", "{{ 1 ~ 'a' ~ none ~ undefined_var ~ [1] }}", "{}", "1aNone[1]"},
    {"conditional_expression", "{{ 'yes' if x else 'no' }}|{{ 'only' if false }}|", R"({"x": 1})", "yes||"},
    {"subscripts_and_negative_index", "{{ xs[0] }}{{ xs[-1] }}{{ d['k'] }}{{ d.k }}{{ s[1] }}", R"({"xs": [1, 2, 3], "d": {"k": "v"}, "s": "héllo"})",
     "13vvé"},
    {"slicing_with_steps", "{{ xs[1:] }} {{ xs[:-1] }} {{ xs[::-1] }} {{ xs[::2] }} {{ s[::-1] }} {{ s[1:3] }}",
     R"({"xs": [1, 2, 3, 4], "s": "añb€"})", "[2, 3, 4] [1, 2, 3] [4, 3, 2, 1] [1, 3] €bña ñb"},
    {"attribute_falls_back_to_item", "{{ m.role }}-{{ m['role'] }}-{{ m.missing is defined }}", R"({"m": {"role": "user"}})", "user-user-False"},
    {"list_dict_tuple_literals", "{{ [1, [2, 3]] | length }} {{ {'a': 1, 'b': 2} | length }} {{ (1, 2)[1] }}", "{}", "2 2 2"},
    {"adjacent_string_literals_join", "{{ 'a' 'b' \"c\" }}", "{}", "abc"},
    {"string_escapes", "{{ 'tab\\tnl\\nq\\'u\\u00e9' }}", "{}", "tab\tnl\nq'ué"},
    {"unary_minus_binds_before_filter", "{{ -3 | abs }} {{ - 2 ** 2 }}", "{}", "3 4"},
    // tests
    {"is_tests", "{{ x is defined }}{{ y is undefined }}{{ n is none }}{{ s is string }}{{ i is number }}{{ d is mapping }}{{ l is iterable }}{{ l is sequence }}",
     R"({"x": 1, "n": null, "s": "s", "i": 3, "d": {}, "l": []})", "TrueTrueTrueTrueTrueTrueTrueTrue"},
    {"is_tests_on_types", "{{ t is boolean }}{{ i is integer }}{{ f is float }}{{ t is true }}{{ t is false }}{{ i is odd }}{{ i is even }}{{ 9 is divisibleby 3 }}{{ 9 is divisibleby(2) }}",
     R"({"t": true, "i": 3, "f": 1.5})", "TrueTrueTrueTrueFalseTrueFalseTrueFalse"},
    {"is_not_and_equalto", "{{ x is not none }}{{ x is not string }}{{ [1, 2, 1] | select('equalto', 1) | list }}", R"({"x": 1})",
     "TrueTrue[1, 1]"},
    {"string_is_not_a_mapping_but_iterable", "{{ 'a' is mapping }}{{ 'a' is iterable }}{{ 1 is iterable }}", "{}", "FalseTrueFalse"},
    // filters
    {"trim_length_count", "[{{ '  x y  ' | trim }}] {{ 'héllo' | length }} {{ [1, 2] | count }} {{ 'xxhixx' | trim('x') }}", "{}", "[x y] 5 2 hi"},
    {"first_last_join", "{{ xs | first }}{{ xs | last }} {{ xs | join(', ') }} {{ [{'n': 'a'}, {'n': 'b'}] | join('-', attribute='n') }}",
     R"({"xs": ["a", "b", "c"]})", "ac a, b, c a-b"},
    {"default_filter", "{{ missing | default('dflt') }} {{ '' | default('empty', true) }} {{ '' | d('kept') }}|{{ none | default('x') }}",
     "{}", "dflt empty |None"},
    {"case_filters", "{{ 'hello world' | upper }} {{ 'HeLLo' | lower }} {{ 'hello WORLD' | capitalize }} {{ 'hello big-world (x)' | title }}",
     "{}", "HELLO WORLD hello Hello world Hello Big-World (X)"},
    {"replace_filter", "{{ 'a-b-c' | replace('-', '+') }} {{ 'a-b-c' | replace('-', '', 1) }}", "{}", "a+b+c ab-c"},
    {"items_list_string", "{{ {'a': 1} | items | list }} {{ 'ab' | list }} {{ 12 | string ~ '!' }}", "{}", "[('a', 1)] ['a', 'b'] 12!"},
    {"int_float_abs_round", "{{ '42' | int + 1 }} {{ 'x' | int }} {{ 3.9 | int }} {{ '2.5' | float }} {{ -4 | abs }} {{ 2.567 | round(2) }} {{ 2.5 | round }} {{ 3 | round }}",
     "{}", "43 0 3 2.5 4 2.57 2.0 3"},
    {"selectattr_rejectattr_map", "{{ ms | selectattr('role', 'equalto', 'user') | map(attribute='c') | join }} {{ ms | rejectattr('role', 'equalto', 'user') | map(attribute='c') | list }}",
     R"({"ms": [{"role": "user", "c": "1"}, {"role": "bot", "c": "2"}, {"role": "user", "c": "3"}]})", "13 ['2']"},
    {"select_reject_map_filter", "{{ [0, 1, 2, 3] | select | list }} {{ [1, 2, 3] | reject('odd') | list }} {{ ['a', 'b'] | map('upper') | join }}",
     "{}", "[1, 2, 3] [2] AB"},
    {"unique_sort_reverse_dictsort", "{{ ['b', 'A', 'a', 'c'] | unique | list }} {{ [3, 1, 2] | sort }} {{ ['b', 'A', 'c'] | sort(reverse=true) }} {{ [1, 2] | reverse | list }} {{ {'b': 1, 'a': 2} | dictsort }}",
     "{}", "['b', 'A', 'c'] [1, 2, 3] ['c', 'b', 'A'] [2, 1] [('a', 2), ('b', 1)]"},
    {"indent_filter", "{{ 'a\\nb\\n\\nc' | indent(2) }}|{{ 'a\\nb' | indent(2, true) }}", "{}", "a\n  b\n\n  c|  a\n  b"},
    {"wordcount_batch_safe_escape", "{{ 'one two, three' | wordcount }} {{ [1, 2, 3] | batch(2) | list }} {{ '<b>' | safe }} {{ '<a href=\"x\">&' | escape }}",
     "{}", "3 [[1, 2], [3]] <b> &lt;a href=&#34;x&#34;&gt;&amp;"},
    {"tojson_like_python_json_dumps", "{{ v | tojson }}", R"({"v": {"b": [1, 2.5, true, null], "a": "é\"\n<>&'", "c": {}}})",
     "{\"b\": [1, 2.5, true, null], \"a\": \"é\\\"\\n<>&'\", \"c\": {}}"},
    {"tojson_indent_and_sort_keys", "{{ v | tojson(indent=2) }}|{{ v | tojson(sort_keys=true) }}|{{ [] | tojson(indent=4) }}",
     R"({"v": {"z": [1, {"y": 2}], "a": 1}})",
     "{\n  \"z\": [\n    1,\n    {\n      \"y\": 2\n    }\n  ],\n  \"a\": 1\n}|{\"a\": 1, \"z\": [1, {\"y\": 2}]}|[]"},
    // str and dict methods
    {"string_methods", "{{ 'a</think>b'.split('</think>')[-1] }} {{ '  x  '.strip() }}|{{ '\\n\\nx\\n'.lstrip('\\n') }}|{{ 'x\\n\\n'.rstrip('\\n') }}|{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith(('x', 'c')) }}",
     "{}", "b x|x\n|x|TrueTrue"},
    {"split_variants", "{{ ' a  b '.split() }} {{ 'a,b,c'.split(',', 1) }} {{ 'a b c'.split(none, 1) }}", "{}",
     "['a', 'b'] ['a', 'b,c'] ['a', 'b c']"},
    {"more_string_methods", "{{ 'aXa'.replace('a', 'b') }} {{ 'Hi'.upper() }}{{ 'Hi'.lower() }} {{ 'hello world'.title() }} {{ 'hELLO'.capitalize() }} {{ '-'.join(['a', 'b']) }}",
     "{}", "bXb HIhi Hello World Hello a-b"},
    {"dict_methods", "{{ d.keys() | list }} {{ d.values() | list }} {{ d.get('a') }} {{ d.get('zz', 'none') }} {{ d.get('zz') }}",
     R"({"d": {"a": 1, "b": 2}})", "['a', 'b'] [1, 2] 1 none None"},
    // globals
    {"range_forms", "{{ range(3) | list }} {{ range(1, 4) | list }} {{ range(10, 0, -4) | list }}", "{}", "[0, 1, 2] [1, 2, 3] [10, 6, 2]"},
    {"dict_global", "{{ dict(a=1, b='x') }}", "{}", "{'a': 1, 'b': 'x'}"},
    {"strftime_now_uses_fixed_date", "{{ strftime_now('%d %b %Y') }} {{ strftime_now('%A') }}", "{}", "26 Jul 2024 Friday"},
    // undefined semantics
    {"undefined_prints_empty_and_is_falsy", "[{{ nope }}]{% if nope %}x{% endif %}{{ nope | length }}{% for i in nope %}x{% endfor %}", "{}", "[]0"},
    {"missing_key_is_undefined", "{{ m.tool_calls is defined }}{{ not m.tool_calls }}{{ m.content.content is defined }}",
     R"({"m": {"content": "s"}})", "FalseTrueFalse"},
};

void PrintTo(const FeatureCase& c, std::ostream* os) { *os << c.name; }

class JinjaFeature : public ::testing::TestWithParam<FeatureCase> {};

TEST_P(JinjaFeature, RendersAsExpected) {
    const FeatureCase& c = GetParam();
    setenv("PONDER_TEMPLATE_DATE", testing::kFixedTemplateDate, 1);
    Result<std::string> rendered = render_chat_template(c.source, nlohmann::ordered_json::parse(c.context));
    ASSERT_TRUE(rendered.ok()) << rendered.error().message;
    EXPECT_EQ(*rendered, c.expected);
}

INSTANTIATE_TEST_SUITE_P(Features, JinjaFeature, ::testing::ValuesIn(kFeatures),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(JinjaFeatures, EveryExpectedRenderingIsWhatJinja2Renders) {
    std::vector<testing::OracleCase> batch;
    for (const FeatureCase& c : kFeatures) batch.push_back({c.source, nlohmann::ordered_json::parse(c.context)});
    std::vector<testing::OracleResult> jinja2 = testing::run_jinja2_oracle(batch, "features");
    for (size_t i = 0; i < batch.size(); ++i) {
        SCOPED_TRACE(kFeatures[i].name);
        EXPECT_TRUE(jinja2[i].ok) << jinja2[i].output;
        EXPECT_EQ(jinja2[i].output, kFeatures[i].expected);
    }
}

// HF adds {% generation %} (AssistantTracker) for assistant masks; rendering it is a no-op.
TEST(JinjaFeatures, GenerationBlockRendersItsBodyInPlace) {
    Result<std::string> rendered = render_chat_template("a{% generation %}b{{ 1 }}{% endgeneration %}c", nlohmann::ordered_json::object());
    ASSERT_TRUE(rendered.ok()) << rendered.error().message;
    EXPECT_EQ(*rendered, "ab1c");
}

struct ErrorCase {
    const char* name;
    const char* source;
    const char* expected_message;  // a part of the error
};

const ErrorCase kErrors[] = {
    {"raise_exception_message", "line one\n  {{ raise_exception('Roles must alternate') }}", "line 2, column 6: Roles must alternate"},
    {"unknown_filter", "{{ x | frobnicate }}", "No filter named 'frobnicate'"},
    {"unknown_test", "{{ x is frob }}", "No test named 'frob'"},
    {"unknown_tag", "{% frob %}", "line 1, column 4: Encountered unknown tag 'frob'"},
    {"unclosed_if", "{% if x %}abc", "expected 'elif'"},
    {"unclosed_expression", "{{ x + }}", "line 1, column 8"},
    {"attribute_of_undefined", "{{ a.b.c }}", "'a' is undefined"},
    {"undefined_in_arithmetic", "{{ nope + 1 }}", "'nope' is undefined"},
    {"string_plus_int", "{{ 'a' + 1 }}", "can only concatenate str"},
    {"set_attribute_on_non_namespace", "{% set d = {} %}{% set d.x = 1 %}", "non-namespace"},
    {"division_by_zero", "{{ 1 / 0 }}", "division by zero"},
    {"break_outside_loop", "{% break %}", "outside of a loop"},
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

class JinjaError : public ::testing::TestWithParam<ErrorCase> {};

TEST_P(JinjaError, FailsWithAMessageNamingThePlace) {
    const ErrorCase& c = GetParam();
    Result<std::string> rendered = render_chat_template(c.source, nlohmann::ordered_json::object());
    ASSERT_FALSE(rendered.ok()) << "rendered: " << *rendered;
    EXPECT_NE(rendered.error().message.find(c.expected_message), std::string::npos) << rendered.error().message;
    EXPECT_NE(rendered.error().message.find("line "), std::string::npos) << rendered.error().message;
}

INSTANTIATE_TEST_SUITE_P(Errors, JinjaError, ::testing::ValuesIn(kErrors),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(JinjaErrors, Jinja2FailsOnEveryErrorCaseToo) {
    std::vector<testing::OracleCase> batch;
    for (const ErrorCase& c : kErrors) batch.push_back({c.source, nlohmann::ordered_json::object()});
    std::vector<testing::OracleResult> jinja2 = testing::run_jinja2_oracle(batch, "errors");
    for (size_t i = 0; i < batch.size(); ++i) EXPECT_FALSE(jinja2[i].ok) << kErrors[i].name << ": " << jinja2[i].output;
}

} // namespace
} // namespace ponder
