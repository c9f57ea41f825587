// The plain-text and HTML bodies of a notification made of an opening line and "label: value"
// fields, as the outbox events of stock counts and cash closes carry them until the template
// renderer of the notifications work replaces this (jobs.md §4.5).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace mm::services {

struct NotificationBody {
  std::string text;  // intro, a blank line, then "label: value" per line
  std::string html;  // <p>intro</p><ul><li>label: value</li>…</ul>, escaped
};

[[nodiscard]] NotificationBody ComposeNotificationBody(
    std::string_view intro, const std::vector<std::pair<std::string, std::string>>& fields);

// &, <, >, " and ' as HTML entities.
[[nodiscard]] std::string EscapeHtml(std::string_view s);

}  // namespace mm::services
