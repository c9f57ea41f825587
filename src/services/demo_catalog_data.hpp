// The fixed catalogue of `minimarket demo-data` (ui.md §5): suppliers, categories and about 300
// products of an Argentine mini market, fixtures first. Pure data; demo_catalog.cpp writes it.
#pragma once

#include <cstdint>
#include <vector>

namespace mm::services::demo {

struct DemoSupplier {
  const char* nombre;
  const char* razon_social;
  const char* cuit;  // 11 digits, valid check digit
  const char* contacto;
  const char* telefono;
  const char* email;
  const char* direccion;
};

struct DemoCategory {
  const char* codigo;
  const char* nombre;
  int markup_minimo_bp;
  int markup_maximo_bp;
};

struct DemoProduct {
  const char* categoria;  // DemoCategory::codigo
  const char* nombre;
  const char* marca;             // "" = none
  const char* contenido_neto;    // "" = none (sold by weight)
  const char* unidad;            // u, g, ml
  std::int64_t precio_centavos;  // per unit, or per kg / l for g and ml
  int proveedor;                 // index into Suppliers()
  int vida_util_dias;            // 0 = does not expire
  const char* ean;               // "" = generated (a valid EAN-13 with prefix 779)
  std::int64_t costo_centavos;   // 0 = derived from the category band
};

const std::vector<DemoSupplier>& Suppliers();
const std::vector<DemoCategory>& Categories();
const std::vector<DemoProduct>& Products();

}  // namespace mm::services::demo
