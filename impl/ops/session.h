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
#include <mutex>
#include <string>
#include <string_view>

#include "impl/core/value.h"

namespace sock::ops {

class SessionObject {
 public:
  virtual ~SessionObject() = default;
  [[nodiscard]] virtual std::string_view kind() const = 0;  // "socket", ...
  // Called from another thread when the case overran its deadline: make a
  // call blocked on this object return soon (a socket shuts itself down).
  virtual void interrupt() {}
};

class Session {
 public:
  [[nodiscard]] Handle add(std::unique_ptr<SessionObject> object) {
    const std::lock_guard lock(mutex_);
    Handle h{"h" + std::to_string(++next_)};
    objects_.emplace(h.id, std::move(object));
    return h;
  }

  // The object behind a handle if it exists and is a T; nullptr otherwise.
  template <typename T>
  [[nodiscard]] T* find(const Handle& handle) const {
    const std::lock_guard lock(mutex_);
    const auto it = objects_.find(handle.id);
    return it == objects_.end() ? nullptr : dynamic_cast<T*>(it->second.get());
  }

  // An object under a fixed name instead of a fresh handle: state the
  // session's operations share, such as the socket module's default
  // timeout (one per session, so that parallel cases do not share it).
  // Names never clash with handles, which are "h<number>".
  template <typename T>
  [[nodiscard]] T& named(const std::string& name, const std::function<std::unique_ptr<T>()>& make) {
    const std::lock_guard lock(mutex_);
    auto it = objects_.find(name);
    if (it == objects_.end()) it = objects_.emplace(name, make()).first;
    return dynamic_cast<T&>(*it->second);
  }

  void remove(const Handle& handle) {
    std::unique_ptr<SessionObject> gone;  // destroyed outside the lock
    const std::lock_guard lock(mutex_);
    if (const auto it = objects_.find(handle.id); it != objects_.end()) {
      gone = std::move(it->second);
      objects_.erase(it);
    }
  }
  [[nodiscard]] std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return objects_.size();
  }

  // From another thread: interrupts every object (see SessionObject). The
  // only member that may run while the session's own thread is in a call;
  // the lock keeps the objects alive meanwhile.
  void interrupt() {
    const std::lock_guard lock(mutex_);
    for (auto& [_, object] : objects_) object->interrupt();
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<SessionObject>> objects_;
  unsigned next_ = 0;
};

}  // namespace sock::ops
