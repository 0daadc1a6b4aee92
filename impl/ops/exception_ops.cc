// exception.*: questions about the module's exceptions that a spec case
// can ask every target, since the documents make promises about them:
// "socket.error is now a child class of IOError" (2.6), "A subclass of
// socket.error" (3.3), "The accompanying value is either a string ... or a
// pair (errno, string)" (1.x to 2.6), "The numeric error value will match
// one of the EAI_* constants" (gaierror).
//
// None of these is a function of the socket module; a Python adapter
// answers them with issubclass() and the raised exception's `args`, the
// reference from the hierarchy in impl/core/error_class.cc and from the
// outcomes its own operations produce.
#include <string>
#include <utility>

#include "impl/core/error_class.h"
#include "impl/ops/arguments.h"
#include "impl/ops/operations.h"

namespace sock::ops {

namespace {

// exception.issubclass(child, parent): issubclass() on two classes named
// as a spec names them ("socket.error", "IOError", "TimeoutError"). A name
// with no class in the profile's Python is not supported (the question has
// no answer there), never False.
Outcome op_issubclass(std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity("exception.issubclass", args, 2)) return *e;
  const auto* child = args[0].get_if<std::string>();
  const auto* parent = args[1].get_if<std::string>();
  if (child == nullptr || parent == nullptr) {
    return Outcome::raise("TypeError", "exception.issubclass() takes two class names (str)");
  }
  for (const std::string* n : {child, parent}) {
    if (!error_class_exists(*n, ctx.profile)) {
      return Outcome::unsupported("no exception class " + *n + " in Python " + std::string(name(ctx.profile)));
    }
  }
  return Outcome::returned(Value(error_class_matches(*child, *parent, ctx.profile)));
}

// The arguments of the exception an operation raised, as the reference's
// outcomes encode them: an exception made from (errno, string) prints as
// "[Errno N] string" (OSError.__str__, and every such outcome of the
// binding is written that way); any other carries its one message.
struct RaisedArgs {
  bool pair = false;
  std::int64_t code = 0;
  std::string text;
};

// Reads "[Errno N] text" (OSError.__str__ from Python 2 on) and "(N,
// 'text')" (Python 1.x printed an exception's tuple value as a tuple; the
// reference's 1.x errors are written so: impl/timeout/errors.cc).
RaisedArgs raised_args(const Outcome& o) {
  const std::string& m = o.message;
  std::string_view number;
  std::string text;
  if (constexpr std::string_view kPrefix = "[Errno "; m.starts_with(kPrefix)) {
    const std::size_t end = m.find("] ", kPrefix.size());
    if (end == std::string::npos) return {};
    number = std::string_view(m).substr(kPrefix.size(), end - kPrefix.size());
    text = m.substr(end + 2);
  } else if (m.starts_with("(") && m.ends_with("')")) {
    const std::size_t comma = m.find(", '");
    if (comma == std::string::npos) return {};
    number = std::string_view(m).substr(1, comma - 1);
    text = m.substr(comma + 3, m.size() - comma - 5);
  } else {
    return {};
  }
  Value v;
  if (!parse_integer(number, v) || !v.is<std::int64_t>()) return {};
  return {true, v.as<std::int64_t>(), std::move(text)};
}

// Runs args[1] (a tuple) through operation args[0]; the outcome, or an
// outcome that ends the enclosing operation (a bad request, an unsupported
// or broken inner call).
std::pair<Outcome, bool> run_inner(std::string_view function, std::span<const Value> args, const Context& ctx) {
  if (auto e = check_arity(function, args, 2)) return {*e, false};
  const auto* op = args[0].get_if<std::string>();
  const auto* inner = args[1].get_if<Tuple>();
  if (op == nullptr || inner == nullptr) {
    return {Outcome::raise("TypeError", std::string(function) + "() takes an operation name and a tuple of arguments"),
            false};
  }
  Outcome o = call(*op, *inner, ctx);
  const bool usable = o.kind == OutcomeKind::value || o.kind == OutcomeKind::raised;
  return {std::move(o), usable};
}

// exception.args_types(op, args): the type names of the raised exception's
// args ('int', 'str'); None when the call returned.
Outcome op_args_types(std::span<const Value> args, const Context& ctx) {
  auto [o, usable] = run_inner("exception.args_types", args, ctx);
  if (!usable) return o;
  if (!o.raised()) return Outcome::returned(Value(None{}));
  const RaisedArgs a = raised_args(o);
  return Outcome::returned(a.pair ? Value(Tuple{Value("int"), Value("str")}) : Value(Tuple{Value("str")}));
}

// exception.errno(op, args): the code of an (errno, string) exception the
// call raised (gaierror's EAI_* value, OSError's errno); None when the
// exception carries no such pair, or the call returned.
Outcome op_errno(std::span<const Value> args, const Context& ctx) {
  auto [o, usable] = run_inner("exception.errno", args, ctx);
  if (!usable) return o;
  if (!o.raised()) return Outcome::returned(Value(None{}));
  const RaisedArgs a = raised_args(o);
  return Outcome::returned(a.pair ? Value(a.code) : Value(None{}));
}

// exception.args(op, args): the raised exception's args: (errno, string)
// for an exception made from a pair, (message,) otherwise; None when the
// call returned. ("The accompanying value is a string whose value is
// currently always 'timed out'"; "a pair (h_errno, string)".)
Outcome op_args(std::span<const Value> args, const Context& ctx) {
  auto [o, usable] = run_inner("exception.args", args, ctx);
  if (!usable) return o;
  if (!o.raised()) return Outcome::returned(Value(None{}));
  const RaisedArgs a = raised_args(o);
  if (!a.pair) return Outcome::returned(Value(Tuple{Value(o.message)}));
  return Outcome::returned(Value(Tuple{Value(a.code), Value(a.text)}));
}

constexpr std::array<Operation, 4> kOperations = {{
    {"exception.args", "exceptions", "exception.args(op, args)", &op_args},
    {"exception.args_types", "exceptions", "exception.args_types(op, args)", &op_args_types},
    {"exception.errno", "exceptions", "exception.errno(op, args)", &op_errno},
    {"exception.issubclass", "exceptions", "exception.issubclass(child, parent)", &op_issubclass},
}};

}  // namespace

std::span<const Operation> exception_operations() { return kOperations; }

}  // namespace sock::ops
