#include "services/sale_ticket.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/money.hpp"
#include "core/money_text.hpp"
#include "core/store_calendar.hpp"
#include "core/validation.hpp"

namespace mm::services {
namespace {

// Byte offsets where each code point starts, plus the end.
std::vector<std::size_t> CodePointStarts(const std::string& s) {
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) out.push_back(i);
  }
  out.push_back(s.size());
  return out;
}

int Width(const std::string& s) { return static_cast<int>(core::CodePoints(s)); }

std::string Spaces(int n) { return std::string(static_cast<std::size_t>(std::max(0, n)), ' '); }

class Ticket {
 public:
  explicit Ticket(int width) : width_(width) {}

  void Line(const std::string& text) {
    for (auto& l : WrapText(text, width_)) out_ += l + "\n";
  }
  void Center(const std::string& text) {
    for (auto& l : WrapText(text, width_)) out_ += Spaces((width_ - Width(l)) / 2) + l + "\n";
  }
  // `left` wrapped, `right` right-aligned on the last line when it fits, else on its own line.
  void LeftRight(const std::string& left, const std::string& right) {
    auto lines = WrapText(left, width_);
    if (lines.empty()) lines.emplace_back();
    for (std::size_t i = 0; i + 1 < lines.size(); ++i) out_ += lines[i] + "\n";
    const auto& last = lines.back();
    int gap = width_ - Width(last) - Width(right);
    if (gap >= 1) {
      out_ += last + Spaces(gap) + right + "\n";
    } else {
      out_ += last + "\n";
      for (auto& r : WrapText(right, width_)) out_ += Spaces(width_ - Width(r)) + r + "\n";
    }
  }
  void Rule(char c = '-') { out_ += std::string(static_cast<std::size_t>(width_), c) + "\n"; }
  [[nodiscard]] const std::string& text() const { return out_; }

 private:
  int width_;
  std::string out_;
};

std::string MethodLabel(const std::string& m) {
  if (m == "efectivo") return "Efectivo";
  if (m == "debito") return "Débito";
  if (m == "credito") return "Crédito";
  if (m == "transferencia") return "Transferencia";
  if (m == "qr") return "QR";
  if (m == "cuenta_corriente") return "Cuenta corriente";
  return m;
}

// DD/MM/AAAA HH:MM in the store's time zone.
std::string LocalDateTime(core::Timestamp t) {
  const auto& cal = core::StoreCalendar::Default();
  auto day = cal.DayOf(t);
  auto since = std::chrono::duration_cast<std::chrono::minutes>(t - cal.StartOf(day)).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02u/%02u/%04d %02lld:%02lld", static_cast<unsigned>(day.day()),
                static_cast<unsigned>(day.month()), static_cast<int>(day.year()),
                static_cast<long long>(since / 60), static_cast<long long>(since % 60));
  return buf;
}

// "3", or "0,250 kg" / "0,500 l" for products sold by weight or volume.
std::string Quantity(std::int64_t cantidad, const std::string& unidad) {
  if (unidad != "g" && unidad != "ml") return std::to_string(cantidad);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%lld,%03lld %s", static_cast<long long>(cantidad / 1000),
                static_cast<long long>(cantidad % 1000), unidad == "g" ? "kg" : "l");
  return buf;
}

std::string FormatCuit(const std::string& cuit) {
  if (cuit.size() != 11) return cuit;
  return cuit.substr(0, 2) + "-" + cuit.substr(2, 8) + "-" + cuit.substr(10);
}

}  // namespace

std::vector<std::string> WrapText(const std::string& text, int width) {
  std::vector<std::string> lines;
  // Split on explicit newlines first (the footer may have several lines).
  std::size_t start = 0;
  while (start <= text.size()) {
    auto nl = text.find('\n', start);
    std::string para = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    std::string line;
    std::size_t i = 0;
    while (i < para.size()) {
      while (i < para.size() && para[i] == ' ') ++i;
      if (i >= para.size()) break;
      auto end = para.find(' ', i);
      std::string word = para.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? para.size() : end;
      int need = Width(line) + (line.empty() ? 0 : 1) + Width(word);
      if (need <= width) {
        line += (line.empty() ? "" : " ") + word;
        continue;
      }
      if (!line.empty()) lines.push_back(line);
      line.clear();
      while (Width(word) > width) {
        auto cps = CodePointStarts(word);
        lines.push_back(word.substr(0, cps[static_cast<std::size_t>(width)]));
        word = word.substr(cps[static_cast<std::size_t>(width)]);
      }
      line = word;
    }
    if (!line.empty()) lines.push_back(line);
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return lines;
}

std::string RenderTicket(const sale_store::Venta& venta, const StoreSettingsRow& tienda,
                         int width) {
  const auto& v = venta.venta;
  Ticket t(width);
  t.Center(tienda.nombre);
  if (tienda.direccion) t.Center(*tienda.direccion);
  if (tienda.cuit) t.Center("CUIT " + FormatCuit(*tienda.cuit));
  if (tienda.telefono) t.Center("Tel. " + *tienda.telefono);
  t.Rule();
  t.LeftRight("Ticket N° " + std::to_string(v.numero), LocalDateTime(v.creado_en));
  t.Line("Atendió: " + v.usuario_nombre);
  if (v.cliente_nombre) t.Line("Cliente: " + *v.cliente_nombre);
  if (v.estado == "anulada") t.Center("*** VENTA ANULADA ***");
  t.Rule();
  for (const auto& it : venta.items) {
    t.Line(it.producto_nombre);
    std::string unit = it.unidad == "g" ? " /kg" : it.unidad == "ml" ? " /l" : "";
    t.LeftRight("  " + Quantity(it.cantidad, it.unidad) + " x " +
                    core::FormatPesos(it.precio_unitario_centavos) + unit,
                core::FormatPesos(it.subtotal_centavos));
    if (it.oferta_id) {
      t.Line("  * OFERTA (lista " + core::FormatPesos(it.precio_lista_centavos) + unit + ")");
    }
    if (it.cantidad_devuelta > 0) {
      t.LeftRight("  Devuelto " + Quantity(it.cantidad_devuelta, it.unidad),
                  "-" + core::FormatPesos(it.monto_devuelto_centavos));
    }
  }
  t.Rule();
  t.LeftRight("TOTAL", core::FormatPesos(v.total_centavos));
  if (v.devuelto_centavos > 0) {
    t.LeftRight("Devuelto", "-" + core::FormatPesos(v.devuelto_centavos));
    t.LeftRight("Neto", core::FormatPesos(v.total_centavos - v.devuelto_centavos));
  }
  t.Rule();
  std::int64_t vuelto = 0;
  for (const auto& p : venta.pagos) {
    t.LeftRight(MethodLabel(p.metodo), core::FormatPesos(p.monto_centavos));
    if (p.recibido_centavos) {
      t.LeftRight("  Recibido", core::FormatPesos(*p.recibido_centavos));
    }
    vuelto += p.vuelto_centavos;
  }
  if (vuelto > 0) t.LeftRight("Vuelto", core::FormatPesos(vuelto));
  const bool fiado = std::any_of(venta.pagos.begin(), venta.pagos.end(),
                                 [](const auto& p) { return p.metodo == "cuenta_corriente"; });
  if (fiado && v.cliente_saldo_centavos) {
    t.LeftRight("Saldo cta. cte. hoy", core::FormatPesos(*v.cliente_saldo_centavos));
  }
  t.Rule();
  t.Center("No válido como factura");
  if (tienda.pie_ticket) t.Center(*tienda.pie_ticket);
  return t.text();
}

core::Result<std::string> SaleTicket::Render(const RequestMeta& meta, const std::string& venta_id,
                                             int width) {
  return env_.db.Read(
      [&](store::Tx& tx) -> core::Result<std::string> {
        auto venta = sale_store::FindVenta(tx, venta_id);
        if (!venta) return core::Error::NotFound("venta");
        return RenderTicket(*venta, settings_.Get(tx), width);
      },
      meta.TxOptions());
}

}  // namespace mm::services
