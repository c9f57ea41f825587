#include "core/validation.hpp"

#include <gtest/gtest.h>

#include "core/json.hpp"

namespace mm::core {
namespace {

boost::json::object Obj(const char* text) { return ParseStrictJson(text).value().as_object(); }

std::string Rule(const ObjectReader& r, const std::string& campo) {
  for (const auto& e : r.errors()) {
    if (e.campo == campo) return e.regla;
  }
  return "";
}

TEST(ObjectReader, TrimsAndMeasuresInCodePoints) {
  auto o = Obj(R"({"nombre":"  Ñandú  ","corto":"ñ"})");
  ObjectReader r(&o);
  EXPECT_EQ(r.Str("nombre", {.required = true, .min = 1, .max = 5}), "Ñandú");
  EXPECT_EQ(r.Str("corto", {.min = 2, .max = 5}), std::nullopt);
  EXPECT_EQ(Rule(r, "corto"), "longitud");
}

TEST(ObjectReader, EmptyOptionalStringIsNullButRequiredIsMissing) {
  auto o = Obj(R"({"a":"   ","b":"  "})");
  ObjectReader r(&o);
  EXPECT_EQ(r.Str("a", {.max = 10}), std::nullopt);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.Str("b", {.required = true, .min = 1, .max = 10}), std::nullopt);
  EXPECT_EQ(Rule(r, "b"), "requerido");
}

TEST(ObjectReader, ControlCharactersOnlyInMultilineFields) {
  auto o = Obj(R"({"a":"uno\ndos","b":"uno\ndos","c":"x\u0001"})");
  ObjectReader r(&o);
  EXPECT_EQ(r.Str("a", {.max = 20, .multiline = true}), "uno\ndos");
  EXPECT_EQ(r.Str("b", {.max = 20}), std::nullopt);
  EXPECT_EQ(r.Str("c", {.max = 20, .multiline = true}), std::nullopt);
  EXPECT_EQ(Rule(r, "b"), "formato");
  EXPECT_EQ(Rule(r, "c"), "formato");
}

TEST(ObjectReader, IntegersMustBeJsonIntegersInRange) {
  auto o = Obj(R"({"a":5,"b":"5","c":5.0,"d":1e2,"e":11,"f":18446744073709551615})");
  ObjectReader r(&o);
  EXPECT_EQ(r.Int("a", true, 1, 10), 5);
  EXPECT_EQ(r.Int("b", true, 1, 10), std::nullopt);
  EXPECT_EQ(r.Int("c", true, 1, 10), std::nullopt);
  EXPECT_EQ(r.Int("d", true, 1, 1000), std::nullopt);
  EXPECT_EQ(r.Int("e", true, 1, 10), std::nullopt);
  EXPECT_EQ(r.Int("f", true, 1, 10), std::nullopt);
  EXPECT_EQ(Rule(r, "b"), "tipo");
  EXPECT_EQ(Rule(r, "c"), "tipo");
  EXPECT_EQ(Rule(r, "e"), "rango");
  EXPECT_EQ(Rule(r, "f"), "rango");
}

TEST(ObjectReader, ReportsEveryBadFieldAndUnknownOnes) {
  auto o = Obj(R"({"rol":"jefe","activo":"si","extra":1,"email":"SIN-ARROBA"})");
  ObjectReader r(&o);
  r.Enum("rol", true, {"admin", "deposito"});
  r.Bool("activo", true);
  r.Email("email", true);
  r.Str("nombre", {.required = true, .min = 1, .max = 80});
  r.RejectUnknown();
  EXPECT_EQ(r.errors().size(), 5u);
  EXPECT_EQ(Rule(r, "rol"), "enum");
  EXPECT_EQ(Rule(r, "activo"), "tipo");
  EXPECT_EQ(Rule(r, "email"), "formato");
  EXPECT_EQ(Rule(r, "nombre"), "requerido");
  EXPECT_EQ(Rule(r, "extra"), "desconocido");
  auto e = r.ToError();
  EXPECT_EQ(e.code, ErrorCode::kValidationError);
  EXPECT_EQ(e.details.at("campos").as_array().size(), 5u);
}

TEST(ObjectReader, NestedReadersShareTheErrorListWithPaths) {
  auto o = Obj(R"({"items":[{"cantidad":0},{"cantidad":3,"x":1}]})");
  ObjectReader r(&o);
  const auto* items = r.Array("items", true, 1, 10);
  ASSERT_NE(items, nullptr);
  for (std::size_t i = 0; i < items->size(); ++i) {
    ObjectReader item = r.Nested(&(*items)[i].as_object(), "items[" + std::to_string(i) + "]");
    item.Int("cantidad", true, 1, 100);
    item.RejectUnknown();
  }
  EXPECT_EQ(Rule(r, "items[0].cantidad"), "rango");
  EXPECT_EQ(Rule(r, "items[1].x"), "desconocido");
}

TEST(ObjectReader, UuidsAreNormalisedToLowerCase) {
  auto o = Obj(R"({"id":"3F2504E0-4F89-41D3-9A0C-0305E82C3301","mal":"3f2504e0"})");
  ObjectReader r(&o);
  EXPECT_EQ(r.Uuid("id", true), "3f2504e0-4f89-41d3-9a0c-0305e82c3301");
  EXPECT_EQ(r.Uuid("mal", true), std::nullopt);
  EXPECT_EQ(Rule(r, "mal"), "formato");
}

TEST(ObjectReader, EmailIsLowerCasedAndNeedsOneAt) {
  auto o = Obj(R"({"a":"Ana@Demo.Local","b":"a@b@c","c":"@x"})");
  ObjectReader r(&o);
  EXPECT_EQ(r.Email("a", true), "ana@demo.local");
  EXPECT_EQ(r.Email("b", true), std::nullopt);
  EXPECT_EQ(r.Email("c", true), std::nullopt);
}

TEST(ObjectReader, AbsentBodyReportsRequiredFields) {
  ObjectReader r(nullptr);
  r.Str("mensaje", {.required = true, .min = 1, .max = 10});
  r.RejectUnknown();
  ASSERT_EQ(r.errors().size(), 1u);
  EXPECT_EQ(r.errors()[0].regla, "requerido");
}

}  // namespace
}  // namespace mm::core
