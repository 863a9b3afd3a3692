// Which requests may reach the model: Host names, browser origins, API keys.
#include "serve/request_policy.h"
#include "serve/socket.h"

#include <gtest/gtest.h>

namespace ponder::serve {
namespace {

TEST(RequestPolicy, LoopbackNamesAreExactlyThoseThatReachOnlyThisMachine) {
    for (const char* host : {"localhost", "LocalHost", "localhost.", "app.localhost", "127.0.0.1", "127.1.2.3", "::1",
                             "[::1]"})
        EXPECT_TRUE(is_loopback_host(host)) << host;
    for (const char* host : {"", "evil.example", "localhost.evil.example", "127.0.0.1.evil.example", "128.0.0.1",
                             "127.0.0.256", "127.0.0", "0.0.0.0", "10.0.0.1", "::2", "127.0.0.1:80"})
        EXPECT_FALSE(is_loopback_host(host)) << host;
}

TEST(RequestPolicy, HostNameDropsThePort) {
    EXPECT_EQ(host_name("localhost:8080"), "localhost");
    EXPECT_EQ(host_name("[::1]:8080"), "::1");
    EXPECT_EQ(host_name("::1"), "::1");
    EXPECT_EQ(host_name("Example.COM"), "example.com");
}

TEST(RequestPolicy, ExtraHostsAreAllowedBesideLoopback) {
    AccessPolicy policy;
    policy.extra_hosts = {"192.168.1.20"};
    EXPECT_FALSE(check_host({{"host", "192.168.1.20:8080"}}, policy));
    EXPECT_FALSE(check_host({{"host", "localhost"}}, policy));
    EXPECT_EQ(check_host({{"host", "192.168.1.21"}}, policy)->status, 403);
    EXPECT_EQ(check_host({}, policy)->status, 403);
}

TEST(RequestPolicy, BeyondLoopbackAnyAddressButOnlyListedNames) {
    AccessPolicy policy;
    EXPECT_EQ(check_host({{"host", "192.168.1.20:8080"}}, policy)->status, 403);  // loopback server: names only
    policy.allow_ip_hosts = true;
    for (const char* host : {"192.168.1.20:8080", "10.0.0.5", "[fe80::1]:8080"})
        EXPECT_FALSE(check_host({{"host", host}}, policy)) << host;
    for (const char* host : {"gpu-box.lan", "evil.example", "1.2.3.4.evil.example", "1234", "cafe"})
        EXPECT_EQ(check_host({{"host", host}}, policy)->status, 403) << host;
    EXPECT_TRUE(is_ip_literal("::1"));
    EXPECT_FALSE(is_ip_literal("1.2.3"));
    EXPECT_FALSE(is_ip_literal("1.2.3.4444"));
}

TEST(RequestPolicy, ApiKeyMustMatchExactly) {
    AccessPolicy policy;
    EXPECT_FALSE(check_api_key({}, policy));  // no key set: open
    policy.api_key = "sk-123";
    EXPECT_FALSE(check_api_key({{"authorization", "Bearer sk-123"}}, policy));
    EXPECT_FALSE(check_api_key({{"authorization", "bearer sk-123"}}, policy));
    for (const char* value : {"Bearer sk-12", "Bearer sk-1234", "Bearer ", "sk-123", "Basic sk-123"})
        EXPECT_EQ(check_api_key({{"authorization", value}}, policy)->status, 401) << value;
    EXPECT_EQ(check_api_key({}, policy)->status, 401);
}

TEST(RequestPolicy, OriginsNeedCors) {
    AccessPolicy policy;
    EXPECT_FALSE(check_origin({}, policy));  // not a browser
    EXPECT_EQ(check_origin({{"origin", "http://localhost:3000"}}, policy)->status, 403);
    EXPECT_TRUE(cors_headers({{"origin", "http://localhost:3000"}}, policy).empty());
    policy.cors_origin = "*";
    EXPECT_FALSE(check_origin({{"origin", "http://anything"}}, policy));
    EXPECT_EQ(find_header(cors_headers({{"origin", "http://anything"}}, policy), "Access-Control-Allow-Origin"), "*");
}

} // namespace
} // namespace ponder::serve
