/* c-ares's own address conversions: ares_inet_pton and ares_inet_ntop
 * (c-ares ships its own implementations for portability). c-ares has no
 * inet_aton, inet_ntoa or byte-order functions: not offered.
 * Binding rules: see adapters/glibc/adapter.c. */
#include <ares.h>
#include <ares_version.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "../common/sockcheck_adapter.h"

static void call(const char *op, const sc_value *a, size_t n, sc_reply *r) {
  int af;
  if (n != 2) return sc_unsupported(r, "takes a family and an address");
  if (!sc_family(&a[0], &af, r)) return;
  if (strcmp(op, "inet_pton") == 0) {
    const char *s = sc_c_string(&a[1], "ares_inet_pton", r);
    if (!s) return;
    unsigned char buf[16] = {0}; /* ares_inet_pton may accept a short form and write only part of it */
    errno = 0;
    int rc = ares_inet_pton(af, s, buf);
    if (rc == 1) return sc_return_bytes(r, buf, af == AF_INET ? 4 : 16);
    if (rc == 0) return sc_raise(r, "OSError", "illegal IP address string passed to inet_pton");
    char msg[160];
    snprintf(msg, sizeof msg, "[Errno %d] %s", errno, strerror(errno));
    return sc_raise(r, "OSError", msg);
  }
  if (a[1].kind != SC_BYTES || !((af == AF_INET && a[1].len == 4) || (af == AF_INET6 && a[1].len == 16)))
    return sc_unsupported(r, "ares_inet_ntop reads exactly the family's address length");
  char text[64];
  errno = 0;
  if (!ares_inet_ntop(af, a[1].s, text, sizeof text)) {
    char msg[160];
    snprintf(msg, sizeof msg, "[Errno %d] %s", errno, strerror(errno));
    return sc_raise(r, "OSError", msg);
  }
  return sc_return_str(r, text);
}

int main(void) {
  static const char *const ops[] = {"inet_ntop", "inet_pton", NULL};
  static const char *const families[] = {"AF_INET", "AF_INET6", NULL};
  const sc_hello hello = {"c-ares", ares_version(NULL), "c", "c-ares ares_inet_pton/ares_inet_ntop", "3.12", ops, families};
  return sc_serve(&hello, call);
}
