#include "api/reply.hpp"

#include <boost/json/serialize.hpp>

namespace mm::api {

JsonReply JsonReply::Ok(const boost::json::value& data, int status) {
  JsonReply r;
  r.status = status;
  r.data_json = boost::json::serialize(data);
  return r;
}

}  // namespace mm::api
