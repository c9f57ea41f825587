#include "core/json.hpp"

#include <gtest/gtest.h>

namespace mm::core {
namespace {

TEST(StrictJson, AcceptsAnObject) {
  auto v = ParseStrictJson(R"({"a":1,"b":{"c":[1,2,{"d":null}]}})");
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->at("b").at("c").as_array().size(), 3u);
}

TEST(StrictJson, RejectsDuplicateKeysAtAnyDepth) {
  for (const char* text :
       {R"({"a":1,"a":2})", R"({"x":{"a":1,"b":2,"a":3}})", R"({"x":[{"k":1},{"k":1,"k":2}]})"}) {
    auto v = ParseStrictJson(text);
    ASSERT_FALSE(v.ok()) << text;
    EXPECT_EQ(v.error().code, ErrorCode::kInvalidJson);
    EXPECT_NE(std::string(v.error().Message()).find("repite"), std::string::npos);
  }
  // The same key in sibling objects is fine.
  EXPECT_TRUE(ParseStrictJson(R"({"x":{"k":1},"y":{"k":1}})").ok());
}

TEST(StrictJson, RejectsTruncatedTrailingAndInvalidUtf8) {
  EXPECT_FALSE(ParseStrictJson(R"({"a":1)").ok());
  EXPECT_FALSE(ParseStrictJson(R"({"a":1} x)").ok());
  EXPECT_FALSE(ParseStrictJson("").ok());
  EXPECT_FALSE(ParseStrictJson("{\"a\":\"\xff\xfe\"}").ok());
  EXPECT_TRUE(ParseStrictJson("{\"a\":\"Ñandú\"}").ok());
}

TEST(CanonicalJson, IgnoresKeyOrderAndSpacing) {
  auto a = ParseStrictJson(R"({"b":[1,{"y":2,"x":1}],"a":"t"})");
  auto b = ParseStrictJson(R"( { "a" : "t", "b" : [ 1, { "x":1, "y":2 } ] } )");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(CanonicalJson(*a), CanonicalJson(*b));
  EXPECT_EQ(CanonicalJson(*a), R"({"a":"t","b":[1,{"x":1,"y":2}]})");
  auto c = ParseStrictJson(R"({"b":[{"y":2,"x":1},1],"a":"t"})");  // array order matters
  EXPECT_NE(CanonicalJson(*a), CanonicalJson(*c));
}

}  // namespace
}  // namespace mm::core
