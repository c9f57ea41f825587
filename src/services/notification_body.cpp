#include "services/notification_body.hpp"

namespace mm::services {

std::string EscapeHtml(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

NotificationBody ComposeNotificationBody(
    std::string_view intro, const std::vector<std::pair<std::string, std::string>>& fields) {
  NotificationBody body;
  body.text = std::string(intro) + "\n\n";
  body.html = "<p>" + EscapeHtml(intro) + "</p><ul>";
  for (const auto& [k, v] : fields) {
    body.text += k + ": " + v + "\n";
    body.html += "<li>" + EscapeHtml(k) + ": " + EscapeHtml(v) + "</li>";
  }
  body.html += "</ul>";
  return body;
}

}  // namespace mm::services
