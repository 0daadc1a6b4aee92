/* bench/bare/bare.c: the plain pipelined JSON-lines loop in C that
 * bench/adapter-throughput measures the C adapters (glibc, musl, libuv,
 * c-ares, libevent) against. C has no standard JSON, so each line goes
 * through a tiny checking reader (objects, arrays, strings with their
 * escapes checked, integers in int64, literals; no allocation) that picks
 * out "id" and "cmd"; the reply of the protocol's shape with the
 * request's id is formatted into one output buffer, written once per read.
 * No socket work. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
  const char *p, *end;
} rd;

static void ws(rd *r) {
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\r')) r->p++;
}

/* A string; sets [*s, *e) to its raw text (escapes checked, left in: the
 * loop uses no string's contents but cmd's, and the harness sends cmd
 * without escapes). */
static int str(rd *r, const char **s, const char **e) {
  if (r->p >= r->end || *r->p != '"') return 0;
  *s = ++r->p;
  while (r->p < r->end && *r->p != '"') {
    if ((unsigned char)*r->p < 0x20) return 0;
    if (*r->p == '\\') {
      if (++r->p >= r->end || !strchr("\"\\/bfnrtu", *r->p)) return 0;
      if (*r->p == 'u') {
        if (r->end - r->p < 5) return 0;
        for (int k = 1; k <= 4; k++)
          if (!isxdigit((unsigned char)r->p[k])) return 0;
        r->p += 4;
      }
    }
    r->p++;
  }
  if (r->p >= r->end) return 0;
  *e = r->p++;
  return 1;
}

static int value(rd *r, int depth);

static int container(rd *r, int depth, int object) {
  const char *s, *e;
  r->p++;
  ws(r);
  if (r->p < r->end && *r->p == (object ? '}' : ']')) return r->p++, 1;
  for (;;) {
    ws(r);
    if (object) {
      if (!str(r, &s, &e)) return 0;
      ws(r);
      if (r->p >= r->end || *r->p++ != ':') return 0;
    }
    if (!value(r, depth + 1)) return 0;
    ws(r);
    if (r->p >= r->end) return 0;
    if (*r->p == ',') {
      r->p++;
      continue;
    }
    return *r->p++ == (object ? '}' : ']');
  }
}

static int value(rd *r, int depth) {
  const char *s, *e;
  ws(r);
  if (r->p >= r->end || depth > 32) return 0;
  switch (*r->p) {
    case '{': return container(r, depth, 1);
    case '[': return container(r, depth, 0);
    case '"': return str(r, &s, &e);
    case 't': return r->end - r->p >= 4 && !memcmp(r->p, "true", 4) ? (r->p += 4, 1) : 0;
    case 'f': return r->end - r->p >= 5 && !memcmp(r->p, "false", 5) ? (r->p += 5, 1) : 0;
    case 'n': return r->end - r->p >= 4 && !memcmp(r->p, "null", 4) ? (r->p += 4, 1) : 0;
    default: {
      const char *start = r->p;
      if (*r->p == '-') r->p++;
      while (r->p < r->end && *r->p >= '0' && *r->p <= '9') r->p++;
      return r->p > start && r->p[-1] != '-';
    }
  }
}

/* The request object: checks all of it and returns its id and cmd. */
static int request(const char *line, const char *end, long long *id, const char **cmd, size_t *cmd_len) {
  rd r = {line, end};
  const char *s, *e;
  ws(&r);
  if (r.p >= r.end || *r.p++ != '{') return 0;
  for (;;) {
    ws(&r);
    if (!str(&r, &s, &e)) return 0;
    ws(&r);
    if (r.p >= r.end || *r.p++ != ':') return 0;
    ws(&r);
    const char *v = r.p;
    if (e - s == 2 && !memcmp(s, "id", 2)) {
      /* An int64, as the adapters require of an id. */
      errno = 0;
      *id = strtoll(v, NULL, 10);
      if (errno) return 0;
    }
    if (e - s == 3 && !memcmp(s, "cmd", 3) && r.p < r.end && *r.p == '"') {
      const char *cs, *ce;
      if (!str(&r, &cs, &ce)) return 0;
      *cmd = cs, *cmd_len = (size_t)(ce - cs);
    } else if (!value(&r, 1)) {
      return 0;
    }
    ws(&r);
    if (r.p >= r.end) return 0;
    if (*r.p == ',') {
      r.p++;
      continue;
    }
    if (*r.p++ != '}') return 0;
    ws(&r);
    return r.p == r.end;
  }
}

static char in[1 << 20], out[4 << 20];
static size_t used;

static void flush(void) {
  for (size_t done = 0; done < used;) {
    ssize_t n = write(1, out + done, used - done);
    if (n <= 0) exit(0);
    done += (size_t)n;
  }
  used = 0;
}

int main(void) {
  static const char hello[] =
      "{\"protocol\":1,\"implementation\":{\"name\":\"bare\",\"version\":\"0\",\"language\":\"bare\"},"
      "\"profile\":\"3.12\",\"ops\":[\"htons\",\"inet_aton\",\"inet_pton\"],\"families\":[\"AF_INET\"]}\n";
  size_t have = 0;
  int started = 0;
  for (;;) {
    ssize_t n = read(0, in + have, sizeof in - have);
    if (n <= 0) return 0;
    have += (size_t)n;
    size_t start = 0;
    char *nl;
    while ((nl = memchr(in + start, '\n', have - start))) {
      long long id = -1;
      const char *cmd = "";
      size_t cmd_len = 0;
      if (!request(in + start, nl, &id, &cmd, &cmd_len)) return 2;
      start = (size_t)(nl - in) + 1;
      if (!started) {
        memcpy(out + used, hello, sizeof hello - 1), used += sizeof hello - 1, started = 1;
      } else if (cmd_len == 4 && !memcmp(cmd, "stop", 4)) {
        flush();
        return 0;
      } else {
        used += (size_t)snprintf(out + used, sizeof out - used, "{\"id\":%lld,\"value\":{\"bytes\":\"7f000001\"}}\n", id);
      }
      if (used > sizeof out - 4096) flush();
    }
    memmove(in, in + start, have - start);
    have -= start;
    flush();
  }
}
