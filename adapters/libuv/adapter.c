/* libuv's address conversions: uv_inet_pton/uv_inet_ntop (libuv's own
 * implementations, not the C library's), uv_ip4_addr for inet_aton and
 * uv_ip4_name for inet_ntoa (libuv's string <-> IPv4 functions). libuv has
 * no byte-order functions: those operations are not offered.
 * Binding rules: see adapters/glibc/adapter.c. */
#include <stdio.h>
#include <string.h>
#include <uv.h>

#include "../common/sockcheck_adapter.h"

static void uv_failure(sc_reply *r, const char *fallback_class, const char *fallback, int rc) {
  /* UV_EINVAL is libuv's "not an address": the documents' failure for the
   * operation; any other code is an OS-level error. */
  if (rc == UV_EINVAL) return sc_raise(r, fallback_class, fallback);
  char msg[160];
  snprintf(msg, sizeof msg, "%s: %s", uv_err_name(rc), uv_strerror(rc));
  sc_raise(r, "OSError", msg);
}

static void call(const char *op, const sc_value *a, size_t n, sc_reply *r) {
  if (strcmp(op, "inet_aton") == 0) {
    if (n != 1) return sc_unsupported(r, "uv_ip4_addr takes one string");
    const char *s = sc_c_string(&a[0], "uv_ip4_addr", r);
    if (!s) return;
    struct sockaddr_in sa;
    int rc = uv_ip4_addr(s, 0, &sa);
    if (rc != 0) return uv_failure(r, "OSError", "illegal IP address string passed to inet_aton", rc);
    return sc_return_bytes(r, &sa.sin_addr, 4);
  }
  if (strcmp(op, "inet_ntoa") == 0) {
    if (n != 1 || a[0].kind != SC_BYTES || a[0].len != 4) return sc_unsupported(r, "uv_ip4_name takes a sockaddr_in: 4 address bytes");
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    memcpy(&sa.sin_addr, a[0].s, 4);
    char text[16];
    int rc = uv_ip4_name(&sa, text, sizeof text);
    if (rc != 0) return uv_failure(r, "OSError", "uv_ip4_name failed", rc);
    return sc_return_str(r, text);
  }
  int af;
  if (n != 2) return sc_unsupported(r, "takes a family and an address");
  if (!sc_family(&a[0], &af, r)) return;
  if (strcmp(op, "inet_pton") == 0) {
    const char *s = sc_c_string(&a[1], "uv_inet_pton", r);
    if (!s) return;
    unsigned char buf[16];
    int rc = uv_inet_pton(af, s, buf);
    if (rc != 0) {
      if (rc == UV_EAFNOSUPPORT) return uv_failure(r, "OSError", "", rc);
      return uv_failure(r, "OSError", "illegal IP address string passed to inet_pton", rc);
    }
    return sc_return_bytes(r, buf, af == AF_INET ? 4 : 16);
  }
  /* inet_ntop */
  if (a[1].kind != SC_BYTES || !((af == AF_INET && a[1].len == 4) || (af == AF_INET6 && a[1].len == 16)))
    return sc_unsupported(r, "uv_inet_ntop reads exactly the family's address length");
  char text[64];
  int rc = uv_inet_ntop(af, a[1].s, text, sizeof text);
  if (rc != 0) return uv_failure(r, "ValueError", "uv_inet_ntop failed", rc);
  return sc_return_str(r, text);
}

int main(void) {
  static const char *const ops[] = {"inet_aton", "inet_ntoa", "inet_ntop", "inet_pton", NULL};
  static const char *const families[] = {"AF_INET", "AF_INET6", NULL};
  const sc_hello hello = {"libuv", uv_version_string(), "c", "libuv uv_inet_pton/uv_inet_ntop/uv_ip4_addr", "3.12", ops, families};
  return sc_serve(&hello, call);
}
