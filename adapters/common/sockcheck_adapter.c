/* sockcheck_adapter.c: see sockcheck_adapter.h. */
#include "sockcheck_adapter.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_DEPTH 32
#define MAX_LINE (16u << 20)

/* ---- output ------------------------------------------------------------ */

typedef struct {
  char *p;
  size_t len, cap;
} buf;

static void die(const char *what) {
  fprintf(stderr, "sockcheck adapter: %s\n", what);
  exit(70);
}

/* The slow half of put: grows the buffer (rarely: the output buffer keeps
 * its size from one chunk to the next). */
static void grow(buf *b, size_t n) {
  size_t cap = b->cap ? b->cap : 64; /* small: most buffers are one string */
  while (cap < b->len + n) cap *= 2;
  char *p = realloc(b->p, cap);
  if (!p) die("out of memory");
  b->p = p;
  b->cap = cap;
}

static inline void put(buf *b, const char *s, size_t n) {
  if (b->len + n > b->cap) grow(b, n);
  memcpy(b->p + b->len, s, n);
  b->len += n;
}
/* A string literal, without a strlen per reply. */
#define PUT_LIT(b, lit) put((b), (lit), sizeof(lit) - 1)

/* A long long in decimal, as printf's %lld writes it; by hand because
 * snprintf was a tenth of the time a call took (two per reply). */
static void put_int(buf *b, long long v) {
  char text[24];
  char *e = text + sizeof text, *p = e;
  unsigned long long u = v < 0 ? 0ull - (unsigned long long)v : (unsigned long long)v;
  do *--p = (char)('0' + u % 10); while ((u /= 10) != 0);
  if (v < 0) *--p = '-';
  put(b, p, (size_t)(e - p));
}
static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

static void put_json_string(buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  put(b, "\"", 1);
  size_t i = 0;
  while (i < n) {
    /* A run of characters written as they are, in one copy. */
    size_t run = i;
    while (run < n && (unsigned char)s[run] >= 0x20 && (unsigned char)s[run] < 0x80 && s[run] != '"' && s[run] != '\\') run++;
    if (run > i) put(b, s + i, run - i);
    if (run == n) break;
    unsigned char c = (unsigned char)s[run];
    if (c == '"' || c == '\\') {
      char e[2] = {'\\', (char)c};
      put(b, e, 2);
    } else {
      /* Control characters, and anything from 0x80 up: results here are
       * ASCII, and \u00XX keeps the line valid UTF-8 whatever a library
       * returns. */
      char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      put(b, e, 6);
    }
    i = run + 1;
  }
  put(b, "\"", 1);
}

static buf out;

static void flush_out(void) {
  size_t done = 0;
  while (done < out.len) {
    ssize_t n = write(1, out.p + done, out.len - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      exit(0); /* the harness went away */
    }
    done += (size_t)n;
  }
  out.len = 0;
}

/* ---- replies ------------------------------------------------------------ */

struct sc_reply {
  long long id;
  int answered;
};

static void begin(sc_reply *r) {
  if (r->answered) die("a call was answered twice (adapter bug)");
  r->answered = 1;
  PUT_LIT(&out, "{\"id\":");
  put_int(&out, r->id);
  PUT_LIT(&out, ",");
}

void sc_return_bytes(sc_reply *r, const void *data, size_t len) {
  static const char hex[] = "0123456789abcdef";
  const unsigned char *d = data;
  char text[128];
  size_t used = 0;
  begin(r);
  PUT_LIT(&out, "\"value\":{\"bytes\":\"");
  for (size_t i = 0; i < len; i++) {
    if (used == sizeof text) put(&out, text, used), used = 0;
    text[used++] = hex[d[i] >> 4];
    text[used++] = hex[d[i] & 15];
  }
  put(&out, text, used);
  PUT_LIT(&out, "\"}}\n");
}

void sc_return_str(sc_reply *r, const char *s) {
  begin(r);
  PUT_LIT(&out, "\"value\":");
  put_json_string(&out, s, strlen(s));
  PUT_LIT(&out, "}\n");
}

void sc_return_int(sc_reply *r, long long v) {
  begin(r);
  PUT_LIT(&out, "\"value\":");
  put_int(&out, v);
  PUT_LIT(&out, "}\n");
}

void sc_raise(sc_reply *r, const char *error_class, const char *message) {
  begin(r);
  PUT_LIT(&out, "\"raises\":");
  put_json_string(&out, error_class, strlen(error_class));
  PUT_LIT(&out, ",\"message\":");
  put_json_string(&out, message, strlen(message));
  PUT_LIT(&out, "}\n");
}

void sc_unsupported(sc_reply *r, const char *why) {
  begin(r);
  PUT_LIT(&out, "\"unsupported\":");
  put_json_string(&out, why, strlen(why));
  PUT_LIT(&out, "}\n");
}

void sc_errored(sc_reply *r, const char *why) {
  begin(r);
  PUT_LIT(&out, "\"errored\":");
  put_json_string(&out, why, strlen(why));
  PUT_LIT(&out, "}\n");
}

static void unsupportedf(sc_reply *r, const char *fmt, ...) {
  char text[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  sc_unsupported(r, text);
}

int sc_family(const sc_value *v, int *family, sc_reply *r) {
  if (v->kind == SC_CONST) {
    if (strcmp(v->s, "AF_INET") == 0) return *family = AF_INET, 1;
    if (strcmp(v->s, "AF_INET6") == 0) return *family = AF_INET6, 1;
    unsupportedf(r, "no address family %s here", v->s);
    return 0;
  }
  if (v->kind == SC_INT && v->i >= INT_MIN && v->i <= INT_MAX) return *family = (int)v->i, 1;
  sc_unsupported(r, "the address family is neither a constant nor a C int");
  return 0;
}

const char *sc_c_string(const sc_value *v, const char *api, sc_reply *r) {
  if (v->kind != SC_STR) {
    unsupportedf(r, "%s takes a C string; this argument is not a str", api);
    return NULL;
  }
  if (strlen(v->s) != v->len) {
    unsupportedf(r, "%s takes a C string, which cannot hold a NUL character", api);
    return NULL;
  }
  return v->s;
}

int sc_int_in(const sc_value *v, long long lo, long long hi, const char *api, long long *o, sc_reply *r) {
  if (v->kind != SC_INT || v->i < lo || v->i > hi) {
    unsupportedf(r, "%s takes an integer in [%lld, %lld]; this argument is not one", api, lo, hi);
    return 0;
  }
  *o = v->i;
  return 1;
}

/* ---- input: a JSON reader for the requests --------------------------------- */

/* The parsed request's strings and arrays live in an arena that is emptied
 * before each line, instead of a malloc and a free apiece (about fifteen a
 * request; with musl's allocator that was most of the time a call took).
 * Nothing parsed outlives its line. A line that outgrows the block gets
 * more blocks; the next line starts with one block as large as all of them. */
typedef struct arena_block {
  struct arena_block *next;
  size_t cap, used;
  max_align_t data[];
} arena_block;

static arena_block *arena;

static arena_block *arena_new_block(size_t cap, arena_block *next) {
  arena_block *b = malloc(sizeof *b + cap);
  if (!b) die("out of memory");
  b->next = next;
  b->cap = cap;
  b->used = 0;
  return b;
}

static void arena_reset(void) {
  if (arena && !arena->next) {
    arena->used = 0;
    return;
  }
  size_t total = 4096;
  while (arena) {
    arena_block *next = arena->next;
    total += arena->cap;
    free(arena);
    arena = next;
  }
  arena = arena_new_block(total, NULL);
}

static void *arena_alloc(size_t n) {
  n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
  if (!arena) arena = arena_new_block(4096, NULL);
  if (arena->cap - arena->used < n) arena = arena_new_block(n > arena->cap ? 2 * n : 2 * arena->cap, arena);
  void *p = (char *)arena->data + arena->used;
  arena->used += n;
  return p;
}

/* A bigger copy of an arena allocation; the old one stays until the line ends. */
static void *arena_grow(void *old, size_t old_n, size_t n) {
  void *p = arena_alloc(n);
  if (old_n) memcpy(p, old, old_n);
  return p;
}

typedef enum { J_NULL, J_BOOL, J_INT, J_STR, J_ARR, J_OBJ } jkind;
typedef struct jv {
  jkind kind;
  long long i;
  char *s; /* J_STR (decoded, NUL-terminated) */
  size_t len;
  struct jv *items; /* J_ARR values; J_OBJ values */
  char **keys;      /* J_OBJ keys */
  size_t n;
} jv;

typedef struct {
  const char *p, *end;
  const char *error;
} reader;

static void skip_ws(reader *rd) {
  while (rd->p < rd->end && (*rd->p == ' ' || *rd->p == '\t' || *rd->p == '\r')) rd->p++;
}

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static void put_utf8(buf *b, unsigned long cp) {
  char u[4];
  if (cp < 0x80) {
    u[0] = (char)cp;
    put(b, u, 1);
  } else if (cp < 0x800) {
    u[0] = (char)(0xC0 | (cp >> 6));
    u[1] = (char)(0x80 | (cp & 0x3F));
    put(b, u, 2);
  } else if (cp < 0x10000) {
    u[0] = (char)(0xE0 | (cp >> 12));
    u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[2] = (char)(0x80 | (cp & 0x3F));
    put(b, u, 3);
  } else {
    u[0] = (char)(0xF0 | (cp >> 18));
    u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    u[3] = (char)(0x80 | (cp & 0x3F));
    put(b, u, 4);
  }
}

static int read_hex4(reader *rd, unsigned long *cp) {
  if (rd->end - rd->p < 4) return 0;
  *cp = 0;
  for (int k = 0; k < 4; k++) {
    int h = hexval(rd->p[k]);
    if (h < 0) return 0;
    *cp = *cp * 16 + (unsigned long)h;
  }
  rd->p += 4;
  return 1;
}

static int parse_string(reader *rd, char **s, size_t *len) {
  buf b = {0};
  rd->p++; /* the quote */
  /* Most strings have no escape: one copy into the arena. */
  const char *run = rd->p;
  while (run < rd->end && *run != '"' && *run != '\\' && (unsigned char)*run >= 0x20) run++;
  if (run < rd->end && *run == '"') {
    *len = (size_t)(run - rd->p);
    *s = arena_alloc(*len + 1);
    memcpy(*s, rd->p, *len);
    (*s)[*len] = '\0';
    rd->p = run + 1;
    return 1;
  }
  while (rd->p < rd->end && *rd->p != '"') {
    unsigned char c = (unsigned char)*rd->p;
    if (c < 0x20) return free(b.p), rd->error = "control character in a string", 0;
    if (c != '\\') {
      /* A run of plain characters in one copy (a put per character was a
       * third of the time a call costs). */
      const char *run = rd->p;
      while (rd->p < rd->end && *rd->p != '"' && *rd->p != '\\' && (unsigned char)*rd->p >= 0x20) rd->p++;
      put(&b, run, (size_t)(rd->p - run));
      continue;
    }
    rd->p++;
    if (rd->p >= rd->end) break;
    char e = *rd->p++;
    unsigned long cp;
    switch (e) {
      case '"': put(&b, "\"", 1); break;
      case '\\': put(&b, "\\", 1); break;
      case '/': put(&b, "/", 1); break;
      case 'b': put(&b, "\b", 1); break;
      case 'f': put(&b, "\f", 1); break;
      case 'n': put(&b, "\n", 1); break;
      case 'r': put(&b, "\r", 1); break;
      case 't': put(&b, "\t", 1); break;
      case 'u':
        if (!read_hex4(rd, &cp)) return free(b.p), rd->error = "bad \\u escape", 0;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
          unsigned long lo;
          if (rd->end - rd->p < 2 || rd->p[0] != '\\' || rd->p[1] != 'u') return free(b.p), rd->error = "lone surrogate", 0;
          rd->p += 2;
          if (!read_hex4(rd, &lo) || lo < 0xDC00 || lo > 0xDFFF) return free(b.p), rd->error = "lone surrogate", 0;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          return free(b.p), rd->error = "lone surrogate", 0;
        }
        put_utf8(&b, cp);
        break;
      default: return free(b.p), rd->error = "bad escape", 0;
    }
  }
  if (rd->p >= rd->end) return free(b.p), rd->error = "unterminated string", 0;
  rd->p++;
  *len = b.len;
  *s = arena_alloc(b.len + 1);
  if (b.len) memcpy(*s, b.p, b.len);
  (*s)[b.len] = '\0';
  free(b.p);
  return 1;
}

/* A parsed value's memory is the arena's: released when the next line starts. */
static void free_jv(jv *v) { (void)v; }

static int parse_value(reader *rd, jv *v, int depth);

static int parse_container(reader *rd, jv *v, int depth, int object) {
  size_t cap = 0;
  v->kind = object ? J_OBJ : J_ARR;
  v->n = 0;
  v->items = NULL;
  v->keys = NULL;
  rd->p++;
  skip_ws(rd);
  if (rd->p < rd->end && *rd->p == (object ? '}' : ']')) return rd->p++, 1;
  for (;;) {
    if (v->n == cap) {
      cap = cap ? cap * 2 : 4;
      v->items = arena_grow(v->items, v->n * sizeof *v->items, cap * sizeof *v->items);
      if (object) v->keys = arena_grow(v->keys, v->n * sizeof *v->keys, cap * sizeof *v->keys);
    }
    skip_ws(rd);
    if (object) {
      size_t klen;
      if (rd->p >= rd->end || *rd->p != '"') return rd->error = "expected a key", 0;
      if (!parse_string(rd, &v->keys[v->n], &klen)) return 0;
      skip_ws(rd);
      if (rd->p >= rd->end || *rd->p != ':') return rd->error = "expected ':'", 0;
      rd->p++;
    }
    if (!parse_value(rd, &v->items[v->n], depth + 1)) return 0;
    v->n++;
    skip_ws(rd);
    if (rd->p < rd->end && *rd->p == ',') {
      rd->p++;
      continue;
    }
    if (rd->p < rd->end && *rd->p == (object ? '}' : ']')) return rd->p++, 1;
    return rd->error = "expected ',' or the end of a container", 0;
  }
}

static int parse_value(reader *rd, jv *v, int depth) {
  memset(v, 0, sizeof *v);
  if (depth > MAX_DEPTH) return rd->error = "nested too deeply", 0;
  skip_ws(rd);
  if (rd->p >= rd->end) return rd->error = "unexpected end of line", 0;
  char c = *rd->p;
  if (c == '{' || c == '[') {
    if (!parse_container(rd, v, depth, c == '{')) {
      free_jv(v);
      v->kind = J_NULL;
      return 0;
    }
    return 1;
  }
  if (c == '"') {
    v->kind = J_STR;
    return parse_string(rd, &v->s, &v->len);
  }
  if (rd->end - rd->p >= 4 && memcmp(rd->p, "null", 4) == 0) return rd->p += 4, v->kind = J_NULL, 1;
  if (rd->end - rd->p >= 4 && memcmp(rd->p, "true", 4) == 0) return rd->p += 4, v->kind = J_BOOL, v->i = 1, 1;
  if (rd->end - rd->p >= 5 && memcmp(rd->p, "false", 5) == 0) return rd->p += 5, v->kind = J_BOOL, v->i = 0, 1;
  if (c == '-' || (c >= '0' && c <= '9')) {
    char *endp;
    errno = 0;
    long long i = strtoll(rd->p, &endp, 10);
    if (errno != 0) return rd->error = "integer out of range (big ints are {\"int\": ...})", 0;
    if (endp < rd->end && (*endp == '.' || *endp == 'e' || *endp == 'E')) return rd->error = "bare floats are not values", 0;
    rd->p = endp;
    v->kind = J_INT;
    v->i = i;
    return 1;
  }
  return rd->error = "not JSON", 0;
}

static const jv *get(const jv *obj, const char *key) {
  if (obj->kind != J_OBJ) return NULL;
  for (size_t k = 0; k < obj->n; k++)
    if (strcmp(obj->keys[k], key) == 0) return &obj->items[k];
  return NULL;
}

/* ---- values --------------------------------------------------------------- */

/* A value's items, like the jv tree its strings point into, are the arena's. */
static void free_value(sc_value *v) { (void)v; }

/* Returns NULL on success, else what is wrong. */
static const char *to_value(const jv *j, sc_value *v) {
  memset(v, 0, sizeof *v);
  switch (j->kind) {
    case J_NULL: v->kind = SC_NULL; return NULL;
    case J_BOOL: v->kind = SC_BOOL; v->i = j->i; return NULL;
    case J_INT: v->kind = SC_INT; v->i = j->i; return NULL;
    case J_STR: v->kind = SC_STR; v->s = j->s; v->len = j->len; return NULL;
    case J_ARR:
      v->kind = SC_TUPLE;
      v->n = j->n;
      v->items = arena_alloc((j->n ? j->n : 1) * sizeof *v->items);
      memset(v->items, 0, (j->n ? j->n : 1) * sizeof *v->items);
      for (size_t k = 0; k < j->n; k++) {
        const char *e = to_value(&j->items[k], &v->items[k]);
        if (e) return e;
      }
      return NULL;
    case J_OBJ: {
      if (j->n != 1 || j->items[0].kind != J_STR) return "a tagged value is an object with one string";
      const char *tag = j->keys[0];
      const jv *t = &j->items[0];
      v->s = t->s;
      v->len = t->len;
      if (strcmp(tag, "const") == 0) return v->kind = SC_CONST, NULL;
      if (strcmp(tag, "handle") == 0) return v->kind = SC_HANDLE, NULL;
      if (strcmp(tag, "int") == 0) return v->kind = SC_BIGINT, NULL;
      if (strcmp(tag, "float") == 0) return v->kind = SC_FLOAT, NULL;
      if (strcmp(tag, "bytes") == 0) {
        if (t->len % 2) return "odd number of hex digits";
        for (size_t k = 0; k < t->len; k += 2) {
          int hi = hexval(t->s[k]), lo = hexval(t->s[k + 1]);
          if (hi < 0 || lo < 0) return "bad hex digit";
          t->s[k / 2] = (char)(hi * 16 + lo); /* decoded in place: it only shrinks */
        }
        v->len = t->len / 2;
        v->s[v->len] = '\0';
        v->kind = SC_BYTES;
        return NULL;
      }
      return "unknown value tag";
    }
  }
  return "not a value";
}

/* ---- the fast path: the harness's call shape, read in place ------------------ */

/* Nearly every line is a call as the harness writes it,
 *   {"id":17,"cmd":"call","op":"inet_pton","args":[{"const":"AF_INET"},"::1"]}
 * with no escape in any string. For those, building the general tree (an
 * arena, a key array, strtoll, a strcmp per key lookup) was most of what a
 * call cost, so this reader matches the keys on the line itself and makes
 * the arguments sc_values that point into the line: each string is
 * NUL-terminated over its closing quote, and bytes are decoded over their
 * own hex, but only once the whole line has been accepted.
 *
 * It accepts a strict subset of what the general reader accepts and yields
 * the same values, so the reply is byte for byte the same. Anything else
 * (an escape, a duplicate key, a number it cannot take exactly, a tag it
 * does not know, nesting deeper than FAST_DEPTH, a line that is not a call)
 * makes it give up before it has changed or written anything, and the
 * general reader reads the line from the start and answers as it always
 * has, with its own error messages. */

#define FAST_DEPTH 8    /* array nesting; the general reader allows MAX_DEPTH */
#define FAST_ITEMS 16   /* items in one array */
#define FAST_VALUES 64  /* array items in all */
#define FAST_FIXUPS 64  /* strings to terminate or decode */

typedef struct {
  char *p, *end;
  sc_value pool[FAST_VALUES]; /* the arrays' items, each array's contiguous */
  size_t low, high;           /* pool[0, low) is the args' items, pool[high, FAST_VALUES) nested ones' */
  struct {
    char *s;
    size_t len; /* of the text on the line: hex digits for bytes */
    int hex;
  } fix[FAST_FIXUPS];
  size_t nfix;
} fast;

static inline void fast_ws(fast *f) {
  while (f->p < f->end && (*f->p == ' ' || *f->p == '\t' || *f->p == '\r')) f->p++;
}

/* A string with no escape and no control character: its text is
 * [*s, *s + *len), and the closing quote is (*s)[*len]. */
static int fast_string(fast *f, char **s, size_t *len) {
  if (f->p >= f->end || *f->p != '"') return 0;
  char *q = ++f->p;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  /* Eight bytes at a time: the word tests for "has a byte equal to" (quote,
   * backslash) and "has a byte below" (0x20) flag the first such byte
   * exactly (a borrow only reaches bytes after it), and in little-endian
   * order that is the lowest flag. The byte loop this replaces was the
   * reader's largest cost. */
  static const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
  while (f->end - q >= 8) {
    uint64_t w, quote, slash, flags;
    memcpy(&w, q, 8);
    quote = w ^ (ones * '"');
    slash = w ^ (ones * '\\');
    flags = (((quote - ones) & ~quote) | ((slash - ones) & ~slash) | ((w - ones * 0x20) & ~w)) & high;
    if (flags) {
      q += __builtin_ctzll(flags) >> 3; /* the byte loop stops right there */
      break;
    }
    q += 8;
  }
#endif
  while (q < f->end && *q != '"' && *q != '\\' && (unsigned char)*q >= 0x20) q++;
  if (q >= f->end || *q != '"') return 0;
  *s = f->p;
  *len = (size_t)(q - f->p);
  f->p = q + 1;
  return 1;
}

static int fast_fixup(fast *f, char *s, size_t len, int hex) {
  if (f->nfix == FAST_FIXUPS) return 0;
  f->fix[f->nfix].s = s;
  f->fix[f->nfix].len = len;
  f->fix[f->nfix].hex = hex;
  f->nfix++;
  return 1;
}

/* An integer the way strtoll reads it (leading zeros too), but at most 18
 * digits, which cannot overflow; longer ones, and anything followed by a
 * fraction or an exponent, are the general reader's to report. */
static int fast_int(fast *f, long long *v) {
  const char *q = f->p, *digits;
  int negative = 0;
  unsigned long long u = 0;
  if (q < f->end && *q == '-') negative = 1, q++;
  digits = q;
  while (q < f->end && *q >= '0' && *q <= '9' && q - digits < 18) u = u * 10 + (unsigned)(*q++ - '0');
  if (q == digits) return 0;
  if (q < f->end && ((*q >= '0' && *q <= '9') || *q == '.' || *q == 'e' || *q == 'E')) return 0;
  *v = negative ? -(long long)u : (long long)u;
  f->p = (char *)q;
  return 1;
}

/* true, false or null; sets *which to 1, 0, -1. */
static int fast_literal(fast *f, int *which) {
  size_t left = (size_t)(f->end - f->p);
  if (left >= 4 && memcmp(f->p, "true", 4) == 0) return f->p += 4, *which = 1, 1;
  if (left >= 5 && memcmp(f->p, "false", 5) == 0) return f->p += 5, *which = 0, 1;
  if (left >= 4 && memcmp(f->p, "null", 4) == 0) return f->p += 4, *which = -1, 1;
  return 0;
}

/* Checks a value the call does not use (a key this protocol version does
 * not know) with the same rules, keeping nothing. */
static int fast_skip(fast *f, int depth) {
  char *s;
  size_t len;
  long long i;
  int which;
  if (depth > FAST_DEPTH || f->p >= f->end) return 0;
  char c = *f->p;
  if (c == '"') return fast_string(f, &s, &len);
  if (c == '-' || (c >= '0' && c <= '9')) return fast_int(f, &i);
  if (c != '{' && c != '[') return fast_literal(f, &which);
  char close = c == '{' ? '}' : ']';
  f->p++;
  fast_ws(f);
  if (f->p < f->end && *f->p == close) return f->p++, 1;
  for (;;) {
    fast_ws(f);
    if (c == '{') {
      if (!fast_string(f, &s, &len)) return 0;
      fast_ws(f);
      if (f->p >= f->end || *f->p != ':') return 0;
      f->p++;
      fast_ws(f);
    }
    if (!fast_skip(f, depth + 1)) return 0;
    fast_ws(f);
    if (f->p < f->end && *f->p == ',') {
      f->p++;
      continue;
    }
    if (f->p < f->end && *f->p == close) return f->p++, 1;
    return 0;
  }
}

static int fast_value(fast *f, sc_value *v, int depth);

/* An array, at f->p, as a tuple whose items are in the pool. The args
 * array (depth 1) puts its items straight into the pool's bottom; an array
 * inside it gathers its items on the stack (its parent's must stay
 * contiguous) and then moves them below the pool's top. The copy is for
 * the rare nested tuple only: copying every call's arguments showed up as a
 * tenth of the time with musl's memcpy. */
static int fast_array(fast *f, sc_value *v, int depth) {
  sc_value local[FAST_ITEMS];
  sc_value *items = depth == 1 ? f->pool : local;
  size_t n = 0;
  if (depth > FAST_DEPTH) return 0;
  f->p++;
  fast_ws(f);
  if (f->p < f->end && *f->p == ']') {
    f->p++;
  } else {
    for (;;) {
      if (n == FAST_ITEMS) return 0;
      if (depth == 1) f->low = n + 1;
      if (!fast_value(f, &items[n], depth + 1)) return 0;
      n++;
      fast_ws(f);
      if (f->p < f->end && *f->p == ',') {
        f->p++;
        continue;
      }
      if (f->p < f->end && *f->p == ']') break;
      return 0;
    }
    f->p++;
  }
  memset(v, 0, sizeof *v);
  v->kind = SC_TUPLE;
  v->n = n;
  if (depth == 1) {
    v->items = f->pool;
    /* As to_value: an empty tuple still points at one zeroed item. */
    if (n == 0) memset(f->pool, 0, sizeof *f->pool), f->low = 1;
    return 1;
  }
  size_t slots = n ? n : 1;
  if (f->high - f->low < slots) return 0;
  f->high -= slots;
  v->items = f->pool + f->high;
  if (n) memcpy(v->items, local, n * sizeof *local);
  else memset(v->items, 0, sizeof *v->items);
  return 1;
}

/* {"tag": "text"} with a tag to_value knows; bytes must be whole hex pairs. */
static int fast_tagged(fast *f, sc_value *v) {
  char *tag, *s;
  size_t tag_len, len;
  f->p++;
  fast_ws(f);
  if (!fast_string(f, &tag, &tag_len)) return 0;
  fast_ws(f);
  if (f->p >= f->end || *f->p != ':') return 0;
  f->p++;
  fast_ws(f);
  if (!fast_string(f, &s, &len)) return 0;
  fast_ws(f);
  if (f->p >= f->end || *f->p != '}') return 0;
  f->p++;
  v->s = s;
  v->len = len;
  if (tag_len == 5 && memcmp(tag, "const", 5) == 0) v->kind = SC_CONST;
  else if (tag_len == 6 && memcmp(tag, "handle", 6) == 0) v->kind = SC_HANDLE;
  else if (tag_len == 3 && memcmp(tag, "int", 3) == 0) v->kind = SC_BIGINT;
  else if (tag_len == 5 && memcmp(tag, "float", 5) == 0) v->kind = SC_FLOAT;
  else if (tag_len == 5 && memcmp(tag, "bytes", 5) == 0) {
    if (len % 2) return 0;
    for (size_t k = 0; k < len; k++)
      if (hexval(s[k]) < 0) return 0;
    v->kind = SC_BYTES;
    v->len = len / 2;
    return fast_fixup(f, s, len, 1);
  } else {
    return 0;
  }
  return fast_fixup(f, s, len, 0);
}

static int fast_value(fast *f, sc_value *v, int depth) {
  int which;
  fast_ws(f);
  if (f->p >= f->end) return 0;
  char c = *f->p;
  if (c == '[') return fast_array(f, v, depth);
  memset(v, 0, sizeof *v);
  if (c == '"') return v->kind = SC_STR, fast_string(f, &v->s, &v->len) && fast_fixup(f, v->s, v->len, 0);
  if (c == '{') return fast_tagged(f, v);
  if (c == '-' || (c >= '0' && c <= '9')) return v->kind = SC_INT, fast_int(f, &v->i);
  if (!fast_literal(f, &which)) return 0;
  if (which < 0) v->kind = SC_NULL;
  else v->kind = SC_BOOL, v->i = which;
  return 1;
}

static void answer_call(const sc_hello *h, sc_handler handler, sc_reply *r, const char *op, const sc_value *args, size_t n);

/* The line exactly as the harness lays a call out (protocol.cc's
 * encode_call: these keys in this order, no spaces), matched as literals
 * instead of key by key. Returns 1 with the id, op and args read. */
static int fast_harness_layout(fast *f, long long *id, char **op, sc_value *args) {
  static const char head[] = "{\"id\":", cmd[] = ",\"cmd\":\"call\",\"op\":", tail[] = ",\"args\":";
  size_t op_len;
  if ((size_t)(f->end - f->p) < sizeof head - 1 || memcmp(f->p, head, sizeof head - 1) != 0) return 0;
  f->p += sizeof head - 1;
  if (!fast_int(f, id) || *id < 0) return 0;
  if ((size_t)(f->end - f->p) < sizeof cmd - 1 || memcmp(f->p, cmd, sizeof cmd - 1) != 0) return 0;
  f->p += sizeof cmd - 1;
  if (!fast_string(f, op, &op_len) || !fast_fixup(f, *op, op_len, 0)) return 0;
  if ((size_t)(f->end - f->p) < sizeof tail - 1 || memcmp(f->p, tail, sizeof tail - 1) != 0) return 0;
  f->p += sizeof tail - 1;
  if (f->p >= f->end || *f->p != '[' || !fast_array(f, args, 1)) return 0;
  if (f->p >= f->end || *f->p != '}') return 0;
  f->p++;
  fast_ws(f);
  return f->p == f->end;
}

/* The same call with its keys in any order, spaces allowed and keys this
 * version does not know skipped. */
static int fast_any_layout(fast *f, long long *id, char **op, sc_value *args) {
  char *key;
  size_t key_len, op_len;
  int have_id = 0, have_cmd = 0, have_args = 0;
  fast_ws(f);
  if (f->p >= f->end || *f->p != '{') return 0;
  f->p++;
  for (;;) {
    fast_ws(f);
    if (!fast_string(f, &key, &key_len)) return 0;
    fast_ws(f);
    if (f->p >= f->end || *f->p != ':') return 0;
    f->p++;
    fast_ws(f);
    /* A key given twice is left to the general reader (the first one wins there). */
    if (key_len == 2 && memcmp(key, "id", 2) == 0) {
      if (have_id++ || !fast_int(f, id) || *id < 0) return 0;
    } else if (key_len == 3 && memcmp(key, "cmd", 3) == 0) {
      char *cmd;
      size_t cmd_len;
      if (have_cmd++ || !fast_string(f, &cmd, &cmd_len) || cmd_len != 4 || memcmp(cmd, "call", 4) != 0) return 0;
    } else if (key_len == 2 && memcmp(key, "op", 2) == 0) {
      if (*op || !fast_string(f, op, &op_len) || !fast_fixup(f, *op, op_len, 0)) return 0;
    } else if (key_len == 4 && memcmp(key, "args", 4) == 0) {
      if (have_args++ || f->p >= f->end || *f->p != '[' || !fast_array(f, args, 1)) return 0;
    } else if (!fast_skip(f, 1)) {
      return 0;
    }
    fast_ws(f);
    if (f->p < f->end && *f->p == ',') {
      f->p++;
      continue;
    }
    if (f->p < f->end && *f->p == '}') break;
    return 0;
  }
  f->p++;
  fast_ws(f);
  return f->p == f->end && have_id && have_cmd && *op && have_args;
}

static void fast_start(fast *f, char *line, size_t len) {
  f->p = line;
  f->end = line + len;
  f->low = f->nfix = 0;
  f->high = FAST_VALUES;
}

/* Answers the line and returns 1 when it is a call of the common shape;
 * returns 0, having written and changed nothing, for the general path. */
static int fast_call(const sc_hello *h, sc_handler handler, char *line, size_t len) {
  fast f;
  char *op = NULL;
  long long id = -1;
  sc_value args;
  fast_start(&f, line, len);
  if (!fast_harness_layout(&f, &id, &op, &args)) {
    fast_start(&f, line, len);
    op = NULL;
    if (!fast_any_layout(&f, &id, &op, &args)) return 0;
  }
  /* Accepted: now the strings become C strings and the bytes bytes. */
  for (size_t k = 0; k < f.nfix; k++) {
    char *s = f.fix[k].s;
    size_t n = f.fix[k].len;
    if (f.fix[k].hex) {
      for (size_t j = 0; j < n; j += 2) s[j / 2] = (char)(hexval(s[j]) * 16 + hexval(s[j + 1]));
      n /= 2;
    }
    s[n] = '\0';
  }
  sc_reply r = {id, 0};
  answer_call(h, handler, &r, op, args.items, args.n);
  return 1;
}

/* ---- the loop --------------------------------------------------------------- */

static void write_hello(const sc_hello *h) {
  puts_(&out, "{\"protocol\":1,\"implementation\":{\"name\":");
  put_json_string(&out, h->name, strlen(h->name));
  puts_(&out, ",\"version\":");
  put_json_string(&out, h->version, strlen(h->version));
  puts_(&out, ",\"language\":");
  put_json_string(&out, h->language, strlen(h->language));
  puts_(&out, ",\"description\":");
  put_json_string(&out, h->description, strlen(h->description));
  puts_(&out, "},\"profile\":");
  put_json_string(&out, h->profile, strlen(h->profile));
  puts_(&out, ",\"ops\":[");
  for (size_t k = 0; h->ops[k]; k++) {
    if (k) puts_(&out, ",");
    put_json_string(&out, h->ops[k], strlen(h->ops[k]));
  }
  puts_(&out, "],\"families\":[");
  for (size_t k = 0; h->families[k]; k++) {
    if (k) puts_(&out, ",");
    put_json_string(&out, h->families[k], strlen(h->families[k]));
  }
  puts_(&out, "]}\n");
}

static int listed(const sc_hello *h, const char *op) {
  /* strcmp inline: a call each, six for inet_pton in glibc's list, was a
   * tenth of a call's time with musl. */
  for (size_t k = 0; h->ops[k]; k++) {
    const char *a = h->ops[k];
    size_t i = 0;
    while (a[i] && a[i] == op[i]) i++;
    if (a[i] == op[i]) return 1;
  }
  return 0;
}

/* A call with its op and (when the op is listed) its arguments decoded:
 * the part both readers share. */
static void answer_call(const sc_hello *h, sc_handler handler, sc_reply *r, const char *op, const sc_value *args, size_t n) {
  if (!listed(h, op)) {
    char why[200];
    snprintf(why, sizeof why, "%s has no operation %.120s", h->name, op);
    sc_unsupported(r, why);
    return;
  }
  handler(op, args, n, r);
  if (!r->answered) sc_errored(r, "the adapter did not answer this call (adapter bug)");
}

/* Returns 0 to go on, 1 on stop. */
static int handle_line(const sc_hello *h, sc_handler handler, const char *line, size_t len, int *started) {
  reader rd = {line, line + len, NULL};
  jv req;
  arena_reset();
  if (!parse_value(&rd, &req, 0) || (skip_ws(&rd), rd.p != rd.end)) {
    char msg[160];
    /* The reader's message may hold quotes ("big ints are {"int": ...}"):
       written through the JSON string writer, so the reply stays JSON. */
    snprintf(msg, sizeof msg, "request is not JSON: %s", rd.error ? rd.error : "trailing text");
    if (!*started) die("the first line is not a start request");
    free_jv(&req);
    PUT_LIT(&out, "{\"id\":null,\"errored\":");
    put_json_string(&out, msg, strlen(msg));
    PUT_LIT(&out, "}\n");
    return 0;
  }
  const jv *cmd = get(&req, "cmd");
  const char *c = cmd && cmd->kind == J_STR ? cmd->s : "";
  if (!*started) {
    const jv *proto = get(&req, "protocol");
    if (strcmp(c, "start") != 0 || !proto || proto->kind != J_INT || proto->i != 1) die("expected start with protocol 1");
    write_hello(h);
    *started = 1;
    free_jv(&req);
    return 0;
  }
  if (strcmp(c, "stop") == 0) return free_jv(&req), 1;
  const jv *id = get(&req, "id");
  if (!id || id->kind != J_INT || id->i < 0) {
    puts_(&out, "{\"id\":null,\"errored\":\"request without an integer id\"}\n");
    free_jv(&req);
    return 0;
  }
  sc_reply r = {id->i, 0};
  if (strcmp(c, "drop") == 0) {
    char text[48];
    snprintf(text, sizeof text, "{\"id\":%lld,\"value\":null}\n", id->i);
    puts_(&out, text); /* this adapter makes no handles */
  } else if (strcmp(c, "call") != 0) {
    sc_errored(&r, "unknown command");
  } else {
    const jv *op = get(&req, "op"), *args = get(&req, "args");
    if (!op || op->kind != J_STR || !args || args->kind != J_ARR) {
      sc_errored(&r, "a call needs an op string and an args array");
    } else if (!listed(h, op->s)) {
      answer_call(h, handler, &r, op->s, NULL, 0);
    } else {
      sc_value tuple;
      const char *e = to_value(args, &tuple);
      if (e) sc_errored(&r, e);
      else answer_call(h, handler, &r, op->s, tuple.items, tuple.n);
      free_value(&tuple);
    }
  }
  free_jv(&req);
  return 0;
}

int sc_serve(const sc_hello *h, sc_handler handler) {
  buf in = {0};
  size_t start = 0;
  int started = 0;
  for (;;) {
    /* Answer every complete line we have, then write the answers in one go
     * before waiting for more: pipelined batches cost one write per read. */
    while (start < in.len) {
      char *line = in.p + start;
      char *nl = memchr(line, '\n', in.len - start);
      if (!nl) break;
      size_t len = (size_t)(nl - line);
      start += len + 1;
      if (len == 0 || (started && fast_call(h, handler, line, len))) continue;
      if (handle_line(h, handler, line, len, &started)) return flush_out(), free(in.p), 0;
    }
    flush_out();
    if (start) memmove(in.p, in.p + start, in.len - start);
    in.len -= start;
    start = 0;
    if (in.len > MAX_LINE) die("request line too long");
    /* Read straight into the line buffer (no copy from a chunk on the stack). */
    if (in.cap - in.len < 65536) grow(&in, 65536);
    ssize_t n = read(0, in.p + in.len, in.cap - in.len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return free(in.p), 0; /* end of input: as if stopped */
    in.len += (size_t)n;
  }
}
