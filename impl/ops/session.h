// session.h: the objects a sequence of calls shares.
//
// A spec case that creates a socket in one step and uses it in the next
// runs in one session: the operation that creates the socket stores it
// here and returns a Handle; later operations look the handle up. Ending
// the session destroys (closes) everything it holds, so a failed case
// cannot leak descriptors into the next.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "impl/core/value.h"

namespace sock::ops {

class SessionObject {
 public:
  virtual ~SessionObject() = default;
  [[nodiscard]] virtual std::string_view kind() const = 0;  // "socket", ...
};

class Session {
 public:
  [[nodiscard]] Handle add(std::unique_ptr<SessionObject> object) {
    Handle h{"h" + std::to_string(++next_)};
    objects_.emplace(h.id, std::move(object));
    return h;
  }

  // The object behind a handle if it exists and is a T; nullptr otherwise.
  template <typename T>
  [[nodiscard]] T* find(const Handle& handle) const {
    const auto it = objects_.find(handle.id);
    return it == objects_.end() ? nullptr : dynamic_cast<T*>(it->second.get());
  }

  // An object under a fixed name instead of a fresh handle: state the
  // session's operations share, such as the socket module's default
  // timeout (one per session, so that parallel cases do not share it).
  // Names never clash with handles, which are "h<number>".
  template <typename T>
  [[nodiscard]] T& named(const std::string& name, const std::function<std::unique_ptr<T>()>& make) {
    auto it = objects_.find(name);
    if (it == objects_.end()) it = objects_.emplace(name, make()).first;
    return dynamic_cast<T&>(*it->second);
  }

  void remove(const Handle& handle) { objects_.erase(handle.id); }
  [[nodiscard]] std::size_t size() const { return objects_.size(); }

 private:
  std::map<std::string, std::unique_ptr<SessionObject>> objects_;
  unsigned next_ = 0;
};

}  // namespace sock::ops
