#include "services/product_search.hpp"

#include <gtest/gtest.h>

#include "catalog_fixture.hpp"
#include "services/product_alias_store.hpp"

namespace mm::services {
namespace {

using Names = std::vector<std::string>;

class ProductSearchTest : public CatalogTest {
 protected:
  void AddAlias(const std::string& producto, const std::string& texto) {
    auto r = db_->Write([&](store::Tx& tx) -> core::Result<AliasRow> {
      return product_alias_store::Add(tx, random_, {producto, std::nullopt, texto}, clock_.Now());
    });
    ASSERT_TRUE(r.ok());
    alias_ = r->id;
  }
  std::string alias_;
};

TEST_P(ProductSearchTest, AccentsCaseAndEnyeFoldOnBothSides) {
  AddProduct("Ñandú de peluche");
  AddProduct("aceite de girasol Cocinero");
  AddProduct("Café La Virginia");
  EXPECT_EQ(Search("nandu"), Names{"Ñandú de peluche"});
  EXPECT_EQ(Search("ÑANDÚ"), Names{"Ñandú de peluche"});
  EXPECT_EQ(Search("ACEITE"), Names{"aceite de girasol Cocinero"});
  EXPECT_EQ(Search("cafe"), Names{"Café La Virginia"});
}

TEST_P(ProductSearchTest, EveryTokenMustBeASubstringInAnyOrder) {
  AddProduct("Yerba Mate Playadito 1 kg");
  AddProduct("Yerba Mate Taragüi 500 g");
  AddProduct("Mate de calabaza");
  EXPECT_EQ(Search("yerba playa"), Names{"Yerba Mate Playadito 1 kg"});
  EXPECT_EQ(Search("playa yerba"), Names{"Yerba Mate Playadito 1 kg"});
  EXPECT_EQ(Search("  YERBA   taragui "), Names{"Yerba Mate Taragüi 500 g"});
  std::int64_t total = 0;
  EXPECT_EQ(Search("mate", &total).size(), 3u);
  EXPECT_EQ(total, 3);
  EXPECT_TRUE(Search("yerba calabaza").empty());
}

TEST_P(ProductSearchTest, TokensShorterThanThreeCharactersStillFilter) {
  AddProduct("Yerba Mate Playadito 1 kg");
  AddProduct("Yerba Mate Taragüi 500 g");
  AddProduct("Harina de maíz");
  AddProduct("Harina leudante");
  // A long token narrowed by short ones (SQLite: FTS then LIKE on the text).
  EXPECT_EQ(Search("yerba 1"), Names{"Yerba Mate Playadito 1 kg"});
  EXPECT_EQ(Search("yerba kg"), Names{"Yerba Mate Playadito 1 kg"});
  EXPECT_EQ(Search("harina de"), Names{"Harina de maíz"});
  // Only short tokens: no index, still correct.
  EXPECT_EQ(Search("de ma"), Names{"Harina de maíz"});
  EXPECT_EQ(Search("g 5"), Names{"Yerba Mate Taragüi 500 g"});
}

TEST_P(ProductSearchTest, WildcardsInTheQueryAreLiteral) {
  NewProduct odd;
  odd.nombre = "Repuesto";
  odd.sku = "A_B1";
  AddProduct(odd);
  AddProduct("Caja axb");
  AddProduct("Caja a%b");
  EXPECT_EQ(Search("a_b"), Names{"Repuesto"});
  EXPECT_EQ(Search("a%b"), Names{"Caja a%b"});
  EXPECT_TRUE(Search("a\"b").empty());
}

TEST_P(ProductSearchTest, ExactCodesFirstThenNamePrefixThenTheRestByName) {
  NewProduct by_sku;
  by_sku.nombre = "Harina de arroz";
  by_sku.sku = "ARROZ";
  AddProduct(by_sku);
  AddProduct("Galletas de arroz");
  AddProduct("Arroz Largo Fino");
  AddProduct("Arroz Gallo Oro");
  AddProduct("Aceite");
  EXPECT_EQ(Search("arroz"),
            (Names{"Harina de arroz", "Arroz Gallo Oro", "Arroz Largo Fino", "Galletas de arroz"}));
  // The prefix is the whole normalized q.
  EXPECT_EQ(Search("arroz gallo"), Names{"Arroz Gallo Oro"});
  AddProduct("Bolsa con código parecido", std::string("177903870000165"));
  AddProduct("Aceitunas verdes", std::string("7790387000016"));
  EXPECT_EQ(Search("7790387000016"), (Names{"Aceitunas verdes", "Bolsa con código parecido"}));
}

TEST_P(ProductSearchTest, ActiveAliasesFindTheirProduct) {
  auto id = AddProduct("Yerba Mate Suave 1 kg");
  AddProduct("Yerba Mate Fuerte 1 kg");
  AddAlias(id, "Yerba La Tranquera");
  EXPECT_EQ(Search("tranquera"), Names{"Yerba Mate Suave 1 kg"});
  EXPECT_EQ(Search("yerba tranq"), Names{"Yerba Mate Suave 1 kg"});
  // Tokens must all be in one text: the alias or the product's own.
  EXPECT_TRUE(Search("tranquera suave").empty());
  auto off = db_->Write([&](store::Tx& tx) -> core::Status {
    EXPECT_TRUE(product_alias_store::SetActive(tx, alias_, false, clock_.Now()));
    return core::Ok{};
  });
  ASSERT_TRUE(off.ok());
  EXPECT_TRUE(Search("tranquera").empty());
}

TEST_P(ProductSearchTest, FiltersSortAndPaging) {
  auto cat = AddCategory("BEB");
  auto sup = AddSupplier("Bebidas del Sur");
  NewProduct coca;
  coca.nombre = "Gaseosa Cola 2,25 L";
  coca.sku = "COLA-225";
  coca.categoria_id = cat;
  coca.proveedor_principal_id = sup;
  coca.codigo_barras = "7790387000016";
  AddProduct(coca);
  clock_.Advance(std::chrono::seconds(1));
  AddProduct("Agua mineral 2 L");
  clock_.Advance(std::chrono::seconds(1));
  auto last = AddProduct("Soda en sifón");
  Exec("UPDATE productos SET precio_venta_centavos = 50000 WHERE id = $1", {last});

  auto run = [&](ProductFilter f) {
    Names names;
    std::int64_t total = -1;
    auto rows = products_->List(f, &total).value();
    for (const auto& p : rows) names.push_back(p.nombre);
    names.push_back("total=" + std::to_string(total));
    return names;
  };
  EXPECT_EQ(run({.categoria_id = cat}), (Names{"Gaseosa Cola 2,25 L", "total=1"}));
  EXPECT_EQ(run({.proveedor_id = sup}), (Names{"Gaseosa Cola 2,25 L", "total=1"}));
  EXPECT_EQ(run({.codigo_barras = "7790387000016"}), (Names{"Gaseosa Cola 2,25 L", "total=1"}));
  EXPECT_EQ(run({.sku = "COLA-225"}), (Names{"Gaseosa Cola 2,25 L", "total=1"}));
  EXPECT_EQ(run({.sort = {"-actualizado_en"}}),
            (Names{"Soda en sifón", "Agua mineral 2 L", "Gaseosa Cola 2,25 L", "total=3"}));
  EXPECT_EQ(run({.sort = {"precio_venta_centavos", "nombre"}}),
            (Names{"Agua mineral 2 L", "Gaseosa Cola 2,25 L", "Soda en sifón", "total=3"}));
  EXPECT_EQ(run({.limit = 1, .offset = 1}), (Names{"Gaseosa Cola 2,25 L", "total=3"}));
  Exec("UPDATE productos SET activo = $1 WHERE id = $2", {false, last});
  EXPECT_EQ(run({.activo = false}), (Names{"Soda en sifón", "total=1"}));
  EXPECT_EQ(run({.activo = std::nullopt}).back(), "total=3");
}

// The execution plans for large result sets (tiers read in name order, the count from the index)
// must give exactly the answer of the plain plan (sort every match, count every row).
TEST_P(ProductSearchTest, EveryPlanGivesTheSameTotalAndPages) {
  const std::vector<std::string> tipos = {"Yerba",  "Aceite", "Arroz", "Galletas de arroz",
                                          "Harina", "Te"};
  const std::vector<std::string> marcas = {"Playadito", "Natura", "Gallo", "Ñandú"};
  std::vector<std::string> ids;
  for (int i = 0; i < 48; ++i) {
    NewProduct p;
    p.nombre = tipos[i % tipos.size()] + " " + marcas[(i / 6) % marcas.size()] + " " +
               std::to_string(i % 5) + " kg";
    p.marca = marcas[(i / 3) % marcas.size()];
    if (i % 7 == 0) p.sku = i == 0 ? "arroz" : "ARROZ" + std::to_string(i);
    if (i == 10) p.codigo_barras = "7790387000016";
    ids.push_back(AddProduct(p));
  }
  for (int i = 4; i < 48; i += 9) {
    Exec("UPDATE productos SET activo = $1 WHERE id = $2", {false, ids[i]});
  }
  AddAlias(ids[5], "arroz de la abuela");
  AddAlias(ids[13], "yerba del cuaderno");
  AddAlias(ids[20], "galletas gallo");

  auto run = [&](ProductFilter f, SearchPlan plan) {
    std::int64_t total = -1;
    auto rows = db_->Read([&](store::Tx& tx) { return product_store::List(tx, f, &total, plan); });
    std::vector<std::string> out{std::to_string(total)};
    for (const auto& r : rows) out.push_back(r.id);
    return out;
  };
  const SearchPlan plain{.tiered_above = 1'000'000, .index_count = false};
  const std::vector<SearchPlan> others = {
      {.tiered_above = 0, .index_count = true},
      {.tiered_above = 2, .walk_rest = true, .index_count = true},
      {.tiered_above = 0, .walk_rest = true, .index_count = false},
      {.tiered_above = 5, .index_count = false}};
  int compared = 0;
  for (std::string q : {"arroz", "ARROZ", "yerba", "gallo", "ar", "arroz gallo", "te", "1 kg",
                        "natura", "7790387000016", "abuela", "galletas", "nandu 2", "zzz"}) {
    for (int offset : {0, 1, 3, 7, 12, 40}) {
      for (int limit : {1, 4, 50}) {
        ProductFilter f{.q = q, .limit = limit, .offset = offset};
        auto expected = run(f, plain);
        for (const auto& plan : others) {
          EXPECT_EQ(run(f, plan), expected) << q << " offset " << offset << " limit " << limit
                                            << " tiered_above " << plan.tiered_above;
          ++compared;
        }
      }
    }
    ProductFilter inactive{.q = q, .activo = false};
    EXPECT_EQ(run(inactive, {.tiered_above = 0}), run(inactive, plain)) << q;
  }
  EXPECT_EQ(compared, 14 * 6 * 3 * 4);
  // The plain plan itself: exact code first, then the name prefix, then by name.
  auto top = run({.q = "arroz", .limit = 3}, plain);
  EXPECT_EQ(top[1], ids[0]);  // sku "arroz"
}

MM_INSTANTIATE_BACKENDS(ProductSearchTest);

}  // namespace
}  // namespace mm::services
