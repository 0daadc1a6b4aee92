/* sockcheck_adapter.h: the protocol side of the C adapters (glibc, musl,
 * libuv, c-ares, libevent): JSON lines on stdin/stdout, the handshake,
 * stop, drop and the value encoding of docs/adapter-protocol.md. An adapter
 * supplies its hello and one function that answers a call.
 *
 * The JSON reading here is written by hand, on purpose: the same source
 * must build with glibc's cc and with musl-gcc, and Debian ships cJSON and
 * jansson only as glibc shared libraries, which a musl program cannot
 * link. The parser accepts only what the protocol sends (objects, arrays,
 * strings, integers, true/false/null), bounds its nesting, and rejects the
 * rest with a message, which the adapter reports as "errored".
 *
 * Reading is in two tiers, for speed with the same answers: a call of the
 * harness's usual shape (no escapes, no duplicate keys, shallow arguments)
 * is read in place on the line, without building a tree; every other line
 * goes to the general reader, which builds one in an arena. The first tier
 * accepts only lines the second would read to the same values, so which
 * tier read a line never changes its reply. */
#ifndef SOCKCHECK_ADAPTER_H
#define SOCKCHECK_ADAPTER_H

#include <stddef.h>

typedef enum { SC_NULL, SC_BOOL, SC_INT, SC_BIGINT, SC_FLOAT, SC_STR, SC_BYTES, SC_CONST, SC_HANDLE, SC_TUPLE } sc_kind;

/* A decoded argument. str/bytes/const/handle/bigint/float keep their text
 * (bytes decoded from hex) in s[0..len) with a NUL after it; a tuple keeps
 * its items. */
typedef struct sc_value {
  sc_kind kind;
  long long i; /* SC_INT, SC_BOOL */
  char *s;
  size_t len;
  struct sc_value *items; /* SC_TUPLE */
  size_t n;
} sc_value;

typedef struct sc_reply sc_reply;

/* Exactly one of these per call. */
void sc_return_bytes(sc_reply *r, const void *data, size_t len);
void sc_return_str(sc_reply *r, const char *s);
void sc_return_int(sc_reply *r, long long v);
void sc_raise(sc_reply *r, const char *error_class, const char *message);
void sc_unsupported(sc_reply *r, const char *why);
void sc_errored(sc_reply *r, const char *why);

typedef struct {
  const char *name, *version, *language, *description, *profile;
  const char *const *ops;      /* NULL-terminated */
  const char *const *families; /* NULL-terminated */
} sc_hello;

/* Answers one call of an operation listed in hello.ops; the helper itself
 * answers "unsupported" for the others. */
typedef void (*sc_handler)(const char *op, const sc_value *args, size_t nargs, sc_reply *r);

/* Runs the protocol on stdin/stdout until stop or end of input; returns the
 * exit status. */
int sc_serve(const sc_hello *hello, sc_handler handler);

/* Address family of an argument: AF_INET / AF_INET6 constants by name, or
 * an int. Returns 1 and sets *family, or 0 after answering the call
 * (unsupported: an unknown constant or a non-family type). */
int sc_family(const sc_value *v, int *family, sc_reply *r);

/* A str argument with no NUL byte (a C string can't hold one): returns it,
 * or NULL after answering the call unsupported. */
const char *sc_c_string(const sc_value *v, const char *api, sc_reply *r);

/* An int argument in [lo, hi] (the C parameter's range): returns 1, or 0
 * after answering the call unsupported. */
int sc_int_in(const sc_value *v, long long lo, long long hi, const char *api, long long *out, sc_reply *r);

#endif
