/* The C library's own conversions, called directly: inet_aton(3),
 * inet_ntoa(3), inet_pton(3), inet_ntop(3), htons(3) and friends.
 *
 * Built twice from this one file: against glibc (adapters/glibc) and with
 * musl-gcc against musl (adapters/musl). Python's socket module is a thin
 * binding over these functions, so the two adapters show exactly what the
 * documents leave to "the underlying C implementation".
 *
 * Binding rules (docs/adapter-protocol.md): arguments a C parameter cannot
 * hold (a non-str, a str with NUL, bytes of a length the family does not
 * have, an int out of the parameter's range) are "unsupported"; failures
 * the C function reports raise the class the documents name. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "../common/sockcheck_adapter.h"

#ifdef __GLIBC__
#include <gnu/libc-version.h>
#define LIBC_NAME "glibc"
#define LIBC_DESCRIPTION "GNU C Library inet_aton/inet_pton/inet_ntop"
static const char *libc_version(void) { return gnu_get_libc_version(); }
#else
/* musl has no version API; the build passes the Debian package's. */
#ifndef SC_LIBC_VERSION
#define SC_LIBC_VERSION "unknown"
#endif
#define LIBC_NAME "musl"
#define LIBC_DESCRIPTION "musl libc inet_aton/inet_pton/inet_ntop"
static const char *libc_version(void) { return SC_LIBC_VERSION; }
#endif

static void os_error(sc_reply *r, int err) {
  char msg[160];
  snprintf(msg, sizeof msg, "[Errno %d] %s", err, strerror(err));
  sc_raise(r, "OSError", msg);
}

static void call(const char *op, const sc_value *a, size_t n, sc_reply *r) {
  if (strcmp(op, "inet_aton") == 0) {
    if (n != 1) return sc_unsupported(r, "inet_aton(3) takes one string");
    const char *s = sc_c_string(&a[0], "inet_aton(3)", r);
    if (!s) return;
    struct in_addr in;
    if (inet_aton(s, &in) == 0) return sc_raise(r, "OSError", "illegal IP address string passed to inet_aton");
    return sc_return_bytes(r, &in, 4);
  }
  if (strcmp(op, "inet_ntoa") == 0) {
    if (n != 1 || a[0].kind != SC_BYTES || a[0].len != 4)
      return sc_unsupported(r, "inet_ntoa(3) takes a struct in_addr: 4 bytes");
    struct in_addr in;
    memcpy(&in, a[0].s, 4);
    return sc_return_str(r, inet_ntoa(in));
  }
  if (strcmp(op, "inet_pton") == 0) {
    int af;
    if (n != 2) return sc_unsupported(r, "inet_pton(3) takes a family and a string");
    if (!sc_family(&a[0], &af, r)) return;
    const char *s = sc_c_string(&a[1], "inet_pton(3)", r);
    if (!s) return;
    unsigned char buf[16];
    errno = 0;
    int rc = inet_pton(af, s, buf);
    if (rc == 1) return sc_return_bytes(r, buf, af == AF_INET ? 4 : 16);
    if (rc == 0) return sc_raise(r, "OSError", "illegal IP address string passed to inet_pton");
    return os_error(r, errno);
  }
  if (strcmp(op, "inet_ntop") == 0) {
    int af;
    if (n != 2) return sc_unsupported(r, "inet_ntop(3) takes a family and an address");
    if (!sc_family(&a[0], &af, r)) return;
    if (a[1].kind != SC_BYTES) return sc_unsupported(r, "inet_ntop(3) takes the address's bytes");
    if ((af == AF_INET && a[1].len != 4) || (af == AF_INET6 && a[1].len != 16))
      return sc_unsupported(r, "inet_ntop(3) reads exactly the family's address length; other lengths cannot be passed");
    char text[INET6_ADDRSTRLEN];
    errno = 0;
    if (!inet_ntop(af, a[1].s, text, sizeof text)) return os_error(r, errno);
    return sc_return_str(r, text);
  }
  long long x;
  if (n != 1) return sc_unsupported(r, "takes one integer");
  if (strcmp(op, "htons") == 0 || strcmp(op, "ntohs") == 0) {
    if (!sc_int_in(&a[0], 0, 65535, "a uint16_t parameter", &x, r)) return;
    return sc_return_int(r, op[0] == 'h' ? htons((uint16_t)x) : ntohs((uint16_t)x));
  }
  if (!sc_int_in(&a[0], 0, 4294967295LL, "a uint32_t parameter", &x, r)) return;
  return sc_return_int(r, op[0] == 'h' ? htonl((uint32_t)x) : ntohl((uint32_t)x));
}

int main(void) {
  static const char *const ops[] = {"htonl", "htons", "inet_aton", "inet_ntoa", "inet_ntop", "inet_pton", "ntohl", "ntohs", NULL};
  static const char *const families[] = {"AF_INET", "AF_INET6", NULL};
  const sc_hello hello = {LIBC_NAME, libc_version(), "c", LIBC_DESCRIPTION, "3.12", ops, families};
  return sc_serve(&hello, call);
}
