#include <gtest/gtest.h>

#include <set>

#include "core/audit_action.hpp"
#include "core/cidr.hpp"
#include "core/hash.hpp"
#include "core/random.hpp"
#include "core/result.hpp"
#include "core/role.hpp"
#include "core/uuid.hpp"

namespace mm::core {
namespace {

TEST(Uuid, NewIdsAreCanonicalVersion4) {
  SystemRandom random;
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    std::string id = NewUuidV4(random);
    ASSERT_EQ(id.size(), 36u);
    EXPECT_EQ(id[14], '4');
    EXPECT_TRUE(id[19] == '8' || id[19] == '9' || id[19] == 'a' || id[19] == 'b');
    EXPECT_EQ(NormalizeUuid(id), id);
    EXPECT_TRUE(seen.insert(id).second);
  }
}

TEST(Uuid, NormalizeRejectsEverythingElse) {
  EXPECT_EQ(NormalizeUuid("00000000-0000-4000-8000-00000000000A"),
            "00000000-0000-4000-8000-00000000000a");
  EXPECT_EQ(NormalizeUuid("00000000000040008000000000000001"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("00000000-0000-4000-8000-00000000000g"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("{00000000-0000-4000-8000-000000000001}"), std::nullopt);
  EXPECT_EQ(NormalizeUuid("dropdown"), std::nullopt);
}

TEST(Hash, Sha256OfKnownInput) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(std::string("\x00\xff", 2)), "00ff");
}

TEST(Cidr, MatchesIpv4Ipv6AndMappedAddresses) {
  auto loop4 = Cidr::Parse("127.0.0.0/8");
  auto loop6 = Cidr::Parse("::1/128");
  auto lan = Cidr::Parse("10.1.2.0/23");
  ASSERT_TRUE(loop4 && loop6 && lan);
  EXPECT_TRUE(loop4->Contains("127.1.2.3"));
  EXPECT_TRUE(loop4->Contains("::ffff:127.0.0.1"));
  EXPECT_FALSE(loop4->Contains("128.0.0.1"));
  EXPECT_TRUE(loop6->Contains("::1"));
  EXPECT_FALSE(loop6->Contains("::2"));
  EXPECT_TRUE(lan->Contains("10.1.3.255"));
  EXPECT_FALSE(lan->Contains("10.1.4.0"));
  EXPECT_FALSE(lan->Contains("not-an-ip"));
  EXPECT_TRUE(Cidr::Parse("192.168.0.7")->Contains("192.168.0.7"));
  EXPECT_FALSE(Cidr::Parse("192.168.0.7")->Contains("192.168.0.8"));
}

TEST(Cidr, RejectsMalformedBlocks) {
  EXPECT_FALSE(Cidr::Parse("10.0.0.0/33"));
  EXPECT_FALSE(Cidr::Parse("10.0.0/8"));
  EXPECT_FALSE(Cidr::Parse("::1/129"));
  EXPECT_FALSE(Cidr::Parse("*"));
}

TEST(AuditAction, ClosedListRoundTrips) {
  std::set<std::string> names;
  for (auto a : AllAuditActions()) {
    std::string n(AuditActionName(a));
    EXPECT_TRUE(names.insert(n).second) << n;
    EXPECT_EQ(ParseAuditAction(n), a);
  }
  EXPECT_EQ(names.size(), 43u);
  EXPECT_TRUE(names.contains("lote_corregido"));
  EXPECT_TRUE(names.contains("reserva_liberada_por_conteo"));
  EXPECT_TRUE(names.contains("usuario_desbloqueado"));
  EXPECT_EQ(ParseAuditAction("borrado_total"), std::nullopt);
}

TEST(Role, NamesRoundTrip) {
  for (Role r : kAllRoles) EXPECT_EQ(ParseRole(RoleName(r)), r);
  EXPECT_EQ(ParseRole("jefe"), std::nullopt);
}

TEST(Result, HoldsValueOrError) {
  Result<int> ok = 5;
  Result<int> bad = Error::NotFound("producto");
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 5);
  EXPECT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(bad.error().details.at("recurso").as_string(), "producto");
  EXPECT_THROW((void)bad.value(), std::logic_error);
}

}  // namespace
}  // namespace mm::core

#include "core/normalize.hpp"

namespace mm::core {
namespace {

TEST(NormalizeSearch, FoldsCaseAccentsAndSpaces) {
  EXPECT_EQ(NormalizeSearch("  Yerba   Mate  PLAYADITO 1 kg "), "yerba mate playadito 1 kg");
  EXPECT_EQ(NormalizeSearch("Ñandú Güemes Almacén"), "nandu guemes almacen");
  EXPECT_EQ(NormalizeSearch("ÀÉÎÕÜ çñ"), "aeiou cn");
  EXPECT_EQ(NormalizeSearch("ACEITE\tde\n girasol"), "aceite de girasol");
  EXPECT_EQ(NormalizeSearch(""), "");
  EXPECT_EQ(NormalizeSearch("€ 10"), "€ 10");  // other characters stay
}

TEST(NormalizeSearch, QueryTokensMatchTheStoredText) {
  auto tokens = SearchTokens("YERBA  playa");
  ASSERT_EQ(tokens.size(), 2u);
  EXPECT_EQ(tokens[0], "yerba");
  EXPECT_EQ(tokens[1], "playa");
  std::string stored = NormalizeSearch("Yerba Mate Playadito 1 kg");
  for (const auto& t : tokens) EXPECT_NE(stored.find(t), std::string::npos);
  EXPECT_NE(NormalizeSearch("Ñandú").find(SearchTokens("nandu")[0]), std::string::npos);
}

}  // namespace
}  // namespace mm::core
