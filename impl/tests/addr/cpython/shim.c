// LD_PRELOAD shim: records the sockaddr CPython passes to bind(), and lets
// the script choose what getsockname() returns.
#define _GNU_SOURCE
#include <sys/socket.h>
#include <string.h>
#include <errno.h>
#include <dlfcn.h>
static unsigned char last[256]; static int last_len = -1;
static unsigned char next_name[256]; static int next_len = -1;
int shim_last(unsigned char* out) { memcpy(out, last, sizeof last); return last_len; }
void shim_set_name(const unsigned char* in, int len) { if (len >= 0) memcpy(next_name, in, len); next_len = len; }
int bind(int fd, const struct sockaddr* sa, socklen_t len) {
  (void)fd; last_len = (int)len; memset(last, 0, sizeof last); memcpy(last, sa, len > 256 ? 256 : len); return 0;
}
int getsockname(int fd, struct sockaddr* sa, socklen_t* len) {
  (void)fd; if (next_len < 0) { int (*real)(int, struct sockaddr*, socklen_t*) = (int (*)(int, struct sockaddr*, socklen_t*))dlsym(RTLD_NEXT, "getsockname"); return real(fd, sa, len); }
  int n = next_len < (int)*len ? next_len : (int)*len; memcpy(sa, next_name, n); *len = next_len; return 0;
}
