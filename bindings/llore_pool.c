/*
** llore_pool.c
** lore.pool(opts): process a corpus with N worker threads, each with its
** own Lua state (and so its own compiled rules), and hand the results back
** to the calling state in input order.
**
**   reader thread --(ring of `window` slots)--> workers --> main (in order)
**
** The reader waits while `window` documents are in flight, so memory stays
** bounded by window x the largest document, whatever the corpus size.
** A worker state runs require(opts.module).init(opts.config), which returns
** process(doc) -> result string [, problems string]. Per document it has an
** instruction budget and its state a memory cap.
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

#include "llore.h"
#include "llore_sys.h"
#include "lore_buf.h"
#include "lore_corpus.h"

#define LORE_POOL_MT "lore.Pool"

enum { SLOT_EMPTY = 0, SLOT_READY, SLOT_RUNNING, SLOT_DONE };

typedef struct Slot {
  int state;
  lore_input *in;        /* SLOT_READY: the document */
  char *result;          /* SLOT_DONE: what process() returned (malloc) */
  size_t rlen;
  char *problems;        /* second result or error message, or NULL */
  size_t bytes;          /* document size */
} Slot;

typedef struct Pool Pool;

typedef struct Worker {
  Pool *pool;
  pthread_t th;
  int started;
  size_t used, limit;    /* allocator accounting of the worker state */
} Worker;

struct Pool {
  pthread_mutex_t mu;
  pthread_cond_t cv;     /* broadcast on every state change */
  lore_corpus *corpus;
  Slot *ring;
  size_t window;         /* ring slots: most documents in flight */
  size_t min_window;     /* documents in flight whatever their size */
  size_t window_bytes;   /* beyond min_window, input bytes in flight */
  size_t flight_bytes;   /* input bytes read and not yet emitted */
  size_t largest;        /* the largest document read so far */
  size_t next_read, next_take, next_emit;
  int reader_done, stop;
  char *fail_msg;        /* first fatal error (worker init), malloc */
  lore_buf warnings;     /* records: path \0 line \0 message \0 */
  Worker *workers;
  int nworkers;
  pthread_t reader;
  int reader_started;
  char *module, *config;
  unsigned long long budget;   /* Lua instructions per document; 0 = none */
  size_t memlimit;             /* bytes per worker state; 0 = none */
  size_t docs_done, bytes_done;
};

static llore_openlibs_fn worker_openlibs = NULL;

void llore_set_worker_openlibs (llore_openlibs_fn fn) {
  worker_openlibs = fn;
}

static char *xstrndup (const char *s, size_t n) {
  char *p = (char *)malloc(n + 1);
  if (p) { memcpy(p, s, n); p[n] = '\0'; }
  return p;
}

static void set_fail (Pool *p, const char *msg) {   /* lock held */
  if (p->fail_msg == NULL) p->fail_msg = xstrndup(msg, strlen(msg));
  p->stop = 1;
  pthread_cond_broadcast(&p->cv);
}

/* {======================================================================
** Worker Lua states
** ======================================================================= */

static void *capped_alloc (void *ud, void *ptr, size_t osize, size_t nsize) {
  Worker *w = (Worker *)ud;
  size_t old = ptr ? osize : 0;
  void *q;
  if (nsize == 0) {
    free(ptr);
    w->used -= old;
    return NULL;
  }
  if (w->limit && nsize > old && w->used + (nsize - old) > w->limit)
    return NULL;                            /* Lua raises "not enough memory" */
  q = realloc(ptr, nsize);
  if (q == NULL) return NULL;
  w->used = w->used - old + nsize;
  return q;
}

static _Thread_local unsigned long long tl_steps, tl_budget;
static _Thread_local Pool *tl_pool;
#define HOOK_STEP 10000

static void budget_hook (lua_State *L, lua_Debug *ar) {
  (void)ar;
  tl_steps += HOOK_STEP;
  if (llore_signal || (tl_pool && tl_pool->stop))
    luaL_error(L, "interrupted");
  if (tl_budget && tl_steps > tl_budget) {
    /* lua_pushfstring knows no %llu: format here; level 0 is the Lua
       function the hook interrupted (the rule), not its caller */
    char msg[96];
    snprintf(msg, sizeof msg,
             "instruction budget of %llu exceeded (see --rule-timeout)",
             tl_budget);
    luaL_where(L, 0);
    lua_pushstring(L, msg);
    lua_concat(L, 2);
    lua_error(L);
  }
}

static int msghandler (lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) msg = lua_pushfstring(L, "(error object is a %s value)",
                                         luaL_typename(L, 1));
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* Protected: set up the state and leave process() in the registry. */
static int worker_init_p (lua_State *L) {
  Pool *p = (Pool *)lua_touserdata(L, 1);
  luaL_openlibs(L);
  if (worker_openlibs) worker_openlibs(L);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_lore);
  lua_setfield(L, -2, "lore");
  lua_pop(L, 1);
  lua_getglobal(L, "require");              /* registers lore.* preloads */
  lua_pushliteral(L, "lore");
  lua_call(L, 1, 0);
  lua_getglobal(L, "require");
  lua_pushstring(L, p->module);
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "init");
  lua_pushstring(L, p->config);
  lua_call(L, 1, 1);
  luaL_checktype(L, -1, LUA_TFUNCTION);
  lua_setfield(L, LUA_REGISTRYINDEX, "lore.pool.process");
  return 0;
}

/* Protected: build the document from the input (light userdata 1). */
static int pushdoc_p (lua_State *L) {
  lore_input *in = (lore_input *)lua_touserdata(L, 1);
  int top = lua_gettop(L);
  lua_pushlstring(L, in->text, in->len);
  llore_push_input_meta(L, in);
  llore_pushdoc(L, lua_tostring(L, top + 1), lua_rawlen(L, top + 1),
                top + 1, top + 2);
  return 1;
}

/* Run process() on one document; fills the slot's result/problems. The
** input is freed here. */
static void process_one (lua_State *L, lore_input *in, Slot *out) {
  int st;
  const char *s;
  size_t n;
  lua_settop(L, 0);
  lua_pushcfunction(L, msghandler);                       /* 1 */
  lua_getfield(L, LUA_REGISTRYINDEX, "lore.pool.process"); /* 2 */
  lua_pushcfunction(L, pushdoc_p);
  lua_pushlightuserdata(L, in);
  st = lua_pcall(L, 1, 1, 1);                             /* 3: doc */
  lore_input_free(in);
  tl_steps = 0;
  if (st == LUA_OK) st = lua_pcall(L, 1, 2, 1);
  if (st != LUA_OK) {
    s = lua_tolstring(L, -1, &n);
    out->result = NULL;
    out->rlen = 0;
    out->problems = s ? xstrndup(s, n) : xstrndup("error", 5);
  }
  else {
    s = lua_tolstring(L, -2, &n);
    out->result = s ? xstrndup(s, n) : NULL;
    out->rlen = s ? n : 0;
    s = lua_tolstring(L, -1, &n);
    out->problems = s ? xstrndup(s, n) : NULL;
  }
  lua_settop(L, 0);
}

static void *worker_main (void *arg) {
  Worker *w = (Worker *)arg;
  Pool *p = w->pool;
  lua_State *L = lua_newstate(capped_alloc, w);
  tl_pool = p;
  tl_budget = p->budget;
  if (L == NULL) {
    pthread_mutex_lock(&p->mu);
    set_fail(p, "cannot create a Lua state for a worker");
    pthread_mutex_unlock(&p->mu);
    return NULL;
  }
  lua_sethook(L, budget_hook, LUA_MASKCOUNT, HOOK_STEP);
  lua_pushcfunction(L, msghandler);
  lua_pushcfunction(L, worker_init_p);
  lua_pushlightuserdata(L, p);
  if (lua_pcall(L, 1, 0, 1) != LUA_OK) {
    pthread_mutex_lock(&p->mu);
    set_fail(p, lua_tostring(L, -1) ? lua_tostring(L, -1) : "worker init failed");
    pthread_mutex_unlock(&p->mu);
    lua_close(L);
    return NULL;
  }
  w->limit = p->memlimit ? w->used + p->memlimit : 0;  /* cap on top of rules */
  for (;;) {
    Slot *slot;
    lore_input *in;
    Slot res;
    pthread_mutex_lock(&p->mu);
    while (!p->stop && p->next_take == p->next_read && !p->reader_done)
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->stop || p->next_take == p->next_read) {
      pthread_mutex_unlock(&p->mu);
      break;
    }
    slot = &p->ring[p->next_take % p->window];
    p->next_take++;
    in = slot->in;
    slot->in = NULL;
    slot->state = SLOT_RUNNING;
    pthread_mutex_unlock(&p->mu);
    memset(&res, 0, sizeof res);
    process_one(L, in, &res);
    pthread_mutex_lock(&p->mu);
    slot->result = res.result;
    slot->rlen = res.rlen;
    slot->problems = res.problems;
    slot->state = SLOT_DONE;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
  }
  lua_close(L);
  return NULL;
}

/* }====================================================================== */

/* {======================================================================
** Reader thread
** ======================================================================= */

static void queue_warning (void *ud, const lore_warning *w) {
  Pool *p = (Pool *)ud;
  char line[32];
  snprintf(line, sizeof line, "%ld", w->line);
  pthread_mutex_lock(&p->mu);
  lore_buf_adds(&p->warnings, w->path ? w->path : "?");
  lore_buf_addc(&p->warnings, '\0');
  lore_buf_adds(&p->warnings, line);
  lore_buf_addc(&p->warnings, '\0');
  lore_buf_adds(&p->warnings, w->msg ? w->msg : lore_strerror(w->code));
  lore_buf_addc(&p->warnings, '\0');
  pthread_mutex_unlock(&p->mu);
}

/*
** Whether the reader must wait (under p->mu). Workers take documents in
** any order but results leave in input order: behind one long document,
** the others run ahead only as far as the window lets them. So the window
** is counted in bytes as well as documents: at least min_window documents,
** then more while their text stays under window_bytes or four times the
** largest document seen (the articles behind one book keep the other
** workers busy for as long as the book takes), never more than the ring
** holds. Memory stays bounded by a small multiple of the largest document
** plus window_bytes.
*/
static int window_full (const Pool *p) {
  size_t n = p->next_read - p->next_emit, budget = p->window_bytes;
  if (n >= p->window) return 1;
  if (p->largest <= SIZE_MAX / 4 && 4 * p->largest > budget) budget = 4 * p->largest;
  return n >= p->min_window && p->flight_bytes >= budget;
}

static void *reader_main (void *arg) {
  Pool *p = (Pool *)arg;
  for (;;) {
    lore_input *in = NULL;
    int rc;
    pthread_mutex_lock(&p->mu);
    while (!p->stop && window_full(p))
      pthread_cond_wait(&p->cv, &p->mu);
    if (p->stop) { pthread_mutex_unlock(&p->mu); break; }
    pthread_mutex_unlock(&p->mu);
    rc = lore_corpus_next(p->corpus, &in);  /* outside the lock */
    pthread_mutex_lock(&p->mu);
    if (rc <= 0 || p->stop) {
      if (rc < 0) set_fail(p, "reading the corpus: out of memory");
      lore_input_free(in);
      p->reader_done = 1;
      pthread_cond_broadcast(&p->cv);
      pthread_mutex_unlock(&p->mu);
      break;
    }
    {
      Slot *slot = &p->ring[p->next_read % p->window];
      slot->in = in;
      slot->bytes = in->len;
      slot->state = SLOT_READY;
      p->next_read++;
      p->flight_bytes += in->len;
      if (in->len > p->largest) p->largest = in->len;
    }
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
  }
  return NULL;
}

/* }====================================================================== */

/* {======================================================================
** The Lua face
** ======================================================================= */

static Pool *checkpool (lua_State *L, int idx) {
  Pool **pp = (Pool **)luaL_checkudata(L, idx, LORE_POOL_MT);
  if (*pp == NULL) luaL_error(L, "attempt to use a closed pool");
  return *pp;
}

/* Stop the threads, join them, and free everything. Idempotent. */
static void pool_free (Pool *p) {
  size_t i;
  int k;
  if (p == NULL) return;
  pthread_mutex_lock(&p->mu);
  p->stop = 1;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  if (p->reader_started) pthread_join(p->reader, NULL);
  for (k = 0; k < p->nworkers; k++)
    if (p->workers[k].started) pthread_join(p->workers[k].th, NULL);
  for (i = 0; i < p->window; i++) {
    lore_input_free(p->ring[i].in);
    free(p->ring[i].result);
    free(p->ring[i].problems);
  }
  lore_corpus_close(p->corpus);
  lore_buf_free(&p->warnings);
  free(p->ring);
  free(p->workers);
  free(p->module);
  free(p->config);
  free(p->fail_msg);
  pthread_cond_destroy(&p->cv);
  pthread_mutex_destroy(&p->mu);
  free(p);
}

static int pool_gc (lua_State *L) {
  Pool **pp = (Pool **)luaL_checkudata(L, 1, LORE_POOL_MT);
  pool_free(*pp);
  *pp = NULL;
  return 0;
}

/* Deliver queued corpus warnings to the warn callback (user value 1), or
** print them. The queue is moved into a Lua string first. */
static void flush_warnings (lua_State *L, int self, Pool *p) {
  pthread_mutex_lock(&p->mu);
  if (p->warnings.len == 0) { pthread_mutex_unlock(&p->mu); return; }
  lua_pushlstring(L, p->warnings.data, p->warnings.len);
  lore_buf_reset(&p->warnings);
  pthread_mutex_unlock(&p->mu);
  lua_getiuservalue(L, self, 1);
  llore_deliver_warnings(L, -2, -1);
  lua_pop(L, 2);
}

static int pushresult_p (lua_State *L) {
  const Slot *s = (const Slot *)lua_touserdata(L, 1);
  if (s->result) lua_pushlstring(L, s->result, s->rlen); else lua_pushnil(L);
  if (s->problems) lua_pushstring(L, s->problems); else lua_pushnil(L);
  return 2;
}

/*
** pool:next() -> ordinal, result, problems | nil at the end.
** result is nil when process() raised; problems then holds the message
** and traceback. Raises "interrupted" on SIGINT/SIGTERM (after
** lore.sys.trap()), or the first worker initialisation error.
*/
static int pool_next (lua_State *L) {
  Pool *p = checkpool(L, 1);
  Slot *slot;
  char *result, *problems;
  size_t rlen, ordinal;
  pthread_mutex_lock(&p->mu);
  for (;;) {
    struct timespec ts;
    if (p->fail_msg != NULL) {
      pthread_mutex_unlock(&p->mu);
      flush_warnings(L, 1, p);
      lua_pushstring(L, p->fail_msg);
      return lua_error(L);
    }
    if (llore_signal) {
      p->stop = 1;
      pthread_cond_broadcast(&p->cv);
      pthread_mutex_unlock(&p->mu);
      return luaL_error(L, "interrupted");
    }
    slot = &p->ring[p->next_emit % p->window];
    if (p->next_emit < p->next_read && slot->state == SLOT_DONE) break;
    if (p->reader_done && p->next_emit == p->next_read) {
      pthread_mutex_unlock(&p->mu);
      flush_warnings(L, 1, p);
      return 0;
    }
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 100 * 1000 * 1000;        /* poll signals every 100 ms */
    if (ts.tv_nsec >= 1000000000L) { ts.tv_sec++; ts.tv_nsec -= 1000000000L; }
    pthread_cond_timedwait(&p->cv, &p->mu, &ts);
  }
  result = slot->result; rlen = slot->rlen; problems = slot->problems;
  slot->result = NULL; slot->problems = NULL;
  slot->state = SLOT_EMPTY;
  ordinal = p->next_emit++;
  p->docs_done++;
  p->bytes_done += slot->bytes;
  p->flight_bytes -= slot->bytes;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
  /* hand the strings to Lua under protection, then free them */
  {
    Slot tmp;
    int st;
    tmp.result = result; tmp.rlen = rlen; tmp.problems = problems;
    lua_pushinteger(L, (lua_Integer)ordinal + 1);
    lua_pushcfunction(L, pushresult_p);
    lua_pushlightuserdata(L, &tmp);
    st = lua_pcall(L, 1, 2, 0);
    free(result);
    free(problems);
    if (st != LUA_OK) return lua_error(L);
  }
  flush_warnings(L, 1, p);
  return 3;
}

/* pool:stats() -> {docs=, bytes=, skipped=, read=} */
static int pool_stats (lua_State *L) {
  Pool *p = checkpool(L, 1);
  pthread_mutex_lock(&p->mu);
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, (lua_Integer)p->docs_done); lua_setfield(L, -2, "docs");
  lua_pushinteger(L, (lua_Integer)p->bytes_done); lua_setfield(L, -2, "bytes");
  lua_pushinteger(L, (lua_Integer)p->next_read); lua_setfield(L, -2, "read");
  lua_pushinteger(L, (lua_Integer)lore_corpus_nskipped(p->corpus));
  lua_setfield(L, -2, "skipped");
  pthread_mutex_unlock(&p->mu);
  return 1;
}

static const char *optstring (lua_State *L, int t, const char *k,
                              const char *def) {
  const char *s = def;
  int type = lua_getfield(L, t, k);
  if (type == LUA_TSTRING) s = lua_tostring(L, -1);   /* anchored in t */
  else if (type != LUA_TNIL)
    luaL_argerror(L, t, lua_pushfstring(L, "field '%s' must be a string, got %s",
                  k, luaL_typename(L, -1)));
  lua_pop(L, 1);
  return s;
}

static lua_Integer optint (lua_State *L, int t, const char *k,
                           lua_Integer def) {
  lua_Integer v = def;
  if (lua_getfield(L, t, k) != LUA_TNIL) {
    int isint;
    v = lua_tointegerx(L, -1, &isint);
    if (!isint)
      luaL_argerror(L, t, lua_pushfstring(L, "field '%s' must be an integer, got %s",
                    k, luaL_typename(L, -1)));
  }
  lua_pop(L, 1);
  return v;
}

/*
** lore.pool{inputs = {...}, module = "lore.worker", config = string,
**   jobs = N (default: cores), window = most docs in flight (default
**   1024), min_window = docs in flight whatever their size (default
**   2*jobs+2), window_bytes = input bytes in flight beyond min_window
**   (default 4 MiB),
**   shard = "I/N", max_bytes = N, budget = instructions per document,
**   memory = bytes per worker state, warn = function(w)} -> pool
*/
static int l_pool (lua_State *L) {
  Pool *p, **pp;
  lore_corpus_opts o;
  const char **paths;
  lua_Integer n, i, jobs, window, min_window, window_bytes;
  int k, self;
  const char *module, *config, *shard;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  if (lua_getfield(L, 1, "inputs") != LUA_TTABLE)
    luaL_argerror(L, 1, lua_pushfstring(L, "field 'inputs' must be a list of "
                  "paths, got %s", luaL_typename(L, 2)));
  n = (lua_Integer)lua_rawlen(L, 2);
  module = optstring(L, 1, "module", "lore.worker");
  config = optstring(L, 1, "config", "");
  jobs = optint(L, 1, "jobs", 0);
  if (jobs <= 0) {
    long c = sysconf(_SC_NPROCESSORS_ONLN);
    jobs = c > 0 ? c : 1;
  }
  if (jobs > 256) jobs = 256;
  memset(&o, 0, sizeof o);
  shard = optstring(L, 1, "shard", NULL);
  if (shard != NULL) {
    unsigned a, b;
    char extra;
    if (sscanf(shard, "%u/%u%c", &a, &b, &extra) != 2 || b == 0 || a < 1 || a > b)
      return luaL_error(L, "bad shard '%s' (expected I/N with 1 <= I <= N)", shard);
    o.shard_index = a - 1;
    o.shard_count = b;
  }
  o.max_doc_bytes = (size_t)optint(L, 1, "max_bytes", 0);
  window = optint(L, 1, "window", 1024);
  min_window = optint(L, 1, "min_window", 2 * jobs + 2);
  window_bytes = optint(L, 1, "window_bytes", (lua_Integer)4 << 20);
  if (min_window < 1) min_window = 1;
  if (window < min_window) window = min_window;
  if (window_bytes < 0) window_bytes = 0;
  pp = (Pool **)lua_newuserdatauv(L, sizeof(Pool *), 2);
  *pp = NULL;
  luaL_setmetatable(L, LORE_POOL_MT);
  self = lua_gettop(L);
  lua_getfield(L, 1, "warn");
  lua_setiuservalue(L, self, 1);
  lua_pushvalue(L, 2);
  lua_setiuservalue(L, self, 2);            /* keep input strings alive */
  paths = (const char **)lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof(char *), 0);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, 2, i);
    paths[i - 1] = luaL_checkstring(L, -1);
    lua_pop(L, 1);
  }
  /* From here on nothing raises until the pool is owned by *pp. */
  p = (Pool *)calloc(1, sizeof *p);
  if (p == NULL) return luaL_error(L, "out of memory");
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->cv, NULL);
  p->nworkers = (int)jobs;
  p->window = (size_t)window;
  p->min_window = (size_t)min_window;
  p->window_bytes = (size_t)window_bytes;
  p->budget = (unsigned long long)optint(L, 1, "budget", 0);
  p->memlimit = (size_t)optint(L, 1, "memory", 0);
  p->ring = (Slot *)calloc(p->window, sizeof(Slot));
  p->workers = (Worker *)calloc((size_t)jobs, sizeof(Worker));
  p->module = xstrndup(module, strlen(module));
  p->config = xstrndup(config, strlen(config));
  o.warn = queue_warning;
  o.ud = p;
  p->corpus = lore_corpus_open(paths, (size_t)n, &o);
  *pp = p;                                  /* owned: __gc frees it */
  if (!p->ring || !p->workers || !p->module || !p->config || !p->corpus)
    return luaL_error(L, "out of memory");
  if (pthread_create(&p->reader, NULL, reader_main, p) != 0)
    return luaL_error(L, "cannot start the reader thread");
  p->reader_started = 1;
  for (k = 0; k < p->nworkers; k++) {
    p->workers[k].pool = p;
    if (pthread_create(&p->workers[k].th, NULL, worker_main, &p->workers[k]) != 0)
      return luaL_error(L, "cannot start worker thread %d", k + 1);
    p->workers[k].started = 1;
  }
  lua_settop(L, self);
  return 1;
}

static const luaL_Reg pool_methods[] = {
  {"next", pool_next}, {"stats", pool_stats}, {"close", pool_gc},
  {NULL, NULL}
};

static const luaL_Reg pool_meta[] = {
  {"__gc", pool_gc}, {"__close", pool_gc}, {NULL, NULL}
};

void llore_open_pool (lua_State *L) {
  llore_new_class(L, LORE_POOL_MT, pool_meta, pool_methods, "__index");
  lua_pushcfunction(L, l_pool);
  lua_setfield(L, -2, "pool");
}

/* }====================================================================== */
