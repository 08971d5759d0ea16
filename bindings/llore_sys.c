/*
** llore_sys.c
** lore.sys: the little operating-system help that scripts and the command
** line need and stock Lua lacks: terminals, clocks, signals, directories,
** peak memory, and files written whole or not at all.
*/
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <utf8proc.h>

#include "lauxlib.h"
#include "lua.h"

#include "llore.h"
#include "llore_sys.h"

volatile sig_atomic_t llore_signal = 0;
static lua_State *volatile trapped_state = NULL;

static int fdarg (lua_State *L, int idx) {
  if (lua_type(L, idx) == LUA_TSTRING) {
    const char *s = lua_tostring(L, idx);
    if (strcmp(s, "stdin") == 0) return 0;
    if (strcmp(s, "stdout") == 0) return 1;
    if (strcmp(s, "stderr") == 0) return 2;
    return luaL_argerror(L, idx, "stdin, stdout, stderr or a descriptor");
  }
  return (int)luaL_optinteger(L, idx, 1);
}

/* sys.isatty([fd | "stdout"]) */
static int s_isatty (lua_State *L) {
  lua_pushboolean(L, isatty(fdarg(L, 1)));
  return 1;
}

/* sys.columns([fd]) -> terminal width or nil */
static int s_columns (lua_State *L) {
  struct winsize ws;
  if (ioctl(fdarg(L, 1), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    lua_pushinteger(L, ws.ws_col);
    return 1;
  }
  return 0;
}

/* sys.time() -> monotonic seconds */
static int s_time (lua_State *L) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  lua_pushnumber(L, (lua_Number)ts.tv_sec + (lua_Number)ts.tv_nsec * 1e-9);
  return 1;
}

static int s_cpus (lua_State *L) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  lua_pushinteger(L, n > 0 ? n : 1);
  return 1;
}

/* sys.peak_rss() -> KiB */
static int s_peak_rss (lua_State *L) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  lua_pushinteger(L, ru.ru_maxrss);
  return 1;
}

/* {======================================================================
** Signals: the first SIGINT/SIGTERM sets a flag (and, like lua.c, a hook
** that raises "interrupted" in the trapping state); a second one kills.
** ======================================================================= */

static void stop_hook (lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted");
}

static void on_signal (int sig) {
  if (llore_signal != 0) {                  /* second time: give up */
    signal(sig, SIG_DFL);
    raise(sig);
    return;
  }
  llore_signal = sig;
  if (trapped_state != NULL)
    lua_sethook(trapped_state, stop_hook,
                LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

/* sys.trap([hook]): catch SIGINT/SIGTERM; with hook = true also stop the
** running Lua code of this state with the error "interrupted". */
static int s_trap (lua_State *L) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  trapped_state = lua_toboolean(L, 1) ? L : NULL;
  return 0;
}

/* sys.interrupted() -> signal number | false */
static int s_interrupted (lua_State *L) {
  if (llore_signal) lua_pushinteger(L, llore_signal);
  else lua_pushboolean(L, 0);
  return 1;
}

/* }====================================================================== */

/* {======================================================================
** Files and directories
** ======================================================================= */

static int s_stat (lua_State *L) {
  struct stat st;
  const char *p = luaL_checkstring(L, 1);
  if (stat(p, &st) != 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", p, strerror(errno));
    return 2;
  }
  lua_createtable(L, 0, 3);
  lua_pushstring(L, S_ISDIR(st.st_mode) ? "directory"
                  : S_ISREG(st.st_mode) ? "file" : "other");
  lua_setfield(L, -2, "type");
  lua_pushinteger(L, (lua_Integer)st.st_size);
  lua_setfield(L, -2, "size");
  lua_pushinteger(L, (lua_Integer)st.st_mtime);
  lua_setfield(L, -2, "mtime");
  return 1;
}

static int namecmp (const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* sys.listdir(path) -> sorted names (no . and ..) | nil, msg */
static int s_listdir (lua_State *L) {
  const char *p = luaL_checkstring(L, 1);
  DIR *d = opendir(p);
  struct dirent *e;
  lua_Integer n = 0, i;
  if (d == NULL) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", p, strerror(errno));
    return 2;
  }
  lua_newtable(L);
  while ((e = readdir(d)) != NULL) {        /* lua_push* may raise: rare */
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    lua_pushstring(L, e->d_name);
    lua_rawseti(L, -2, ++n);
  }
  closedir(d);
  {
    const char **names = (const char **)lua_newuserdatauv(L, (size_t)(n ? n : 1) * sizeof(char *), 0);
    for (i = 1; i <= n; i++) {
      lua_rawgeti(L, -2, i);
      names[i - 1] = lua_tostring(L, -1);
      lua_pop(L, 1);
    }
    qsort(names, (size_t)n, sizeof(char *), namecmp);
    lua_createtable(L, (int)n, 0);
    for (i = 1; i <= n; i++) {
      lua_pushstring(L, names[i - 1]);
      lua_rawseti(L, -2, i);
    }
  }
  return 1;
}

/* sys.mkdir(path): create path and missing parents; true | nil, msg */
static int s_mkdir (lua_State *L) {
  const char *p = luaL_checkstring(L, 1);
  char buf[4096];
  size_t i, n = strlen(p);
  if (n >= sizeof buf) return luaL_argerror(L, 1, "path too long");
  memcpy(buf, p, n + 1);
  for (i = 1; i <= n; i++) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char c = buf[i];
      buf[i] = '\0';
      if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
        luaL_pushfail(L);
        lua_pushfstring(L, "%s: %s", buf, strerror(errno));
        return 2;
      }
      buf[i] = c;
    }
  }
  lua_pushboolean(L, 1);
  return 1;
}

/* sys.du(paths) -> total bytes of the regular files under paths */
static long long du (const char *p, int depth) {
  struct stat st;
  long long total = 0;
  if (depth > 64 || stat(p, &st) != 0) return 0;
  if (S_ISREG(st.st_mode)) return (long long)st.st_size;
  if (S_ISDIR(st.st_mode)) {
    DIR *d = opendir(p);
    struct dirent *e;
    char sub[4096];
    if (d == NULL) return 0;
    while ((e = readdir(d)) != NULL) {
      if (e->d_name[0] == '.') continue;
      snprintf(sub, sizeof sub, "%s/%s", p, e->d_name);
      total += du(sub, depth + 1);
    }
    closedir(d);
  }
  return total;
}

static int s_du (lua_State *L) {
  long long total = 0;
  lua_Integer i, n;
  luaL_checktype(L, 1, LUA_TTABLE);
  n = (lua_Integer)lua_rawlen(L, 1);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, 1, i);
    if (lua_isstring(L, -1) && strcmp(lua_tostring(L, -1), "-") != 0)
      total += du(lua_tostring(L, -1), 0);
    lua_pop(L, 1);
  }
  lua_pushinteger(L, (lua_Integer)total);
  return 1;
}

/*
** sys.write_atomic(path, data): write data to a temporary file beside path,
** flush it to disk and rename it over path, so readers see the old file or
** the new one, never a part. true | nil, msg
*/
static int s_write_atomic (lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  size_t len, off = 0;
  const char *data = luaL_checklstring(L, 2, &len);
  char tmp[4200];
  int fd, saved;
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
    /* a directory is an error; a device or FIFO (/dev/null) is written
    ** as it is: renaming over it would replace it with a plain file */
    if (S_ISDIR(st.st_mode)) { errno = EISDIR; goto fail; }
    fd = open(path, O_WRONLY);
    if (fd < 0) goto fail;
    while (off < len) {
      ssize_t w = write(fd, data + off, len - off);
      if (w < 0) { if (errno == EINTR) continue; saved = errno; close(fd); errno = saved; goto fail; }
      off += (size_t)w;
    }
    if (close(fd) != 0) goto fail;
    lua_pushboolean(L, 1);
    return 1;
  }
  snprintf(tmp, sizeof tmp, "%s.lore-tmp-%ld", path, (long)getpid());
  fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0666);
  if (fd < 0) goto fail;
  while (off < len) {
    ssize_t w = write(fd, data + off, len - off);
    if (w < 0) { if (errno == EINTR) continue; goto failfd; }
    off += (size_t)w;
  }
  if (fsync(fd) != 0 && errno != EINVAL) goto failfd;
  if (close(fd) != 0) { fd = -1; goto failtmp; }
  if (rename(tmp, path) != 0) { fd = -1; goto failtmp; }
  lua_pushboolean(L, 1);
  return 1;
failfd:
  saved = errno; close(fd); errno = saved;
failtmp:
  saved = errno; unlink(tmp); errno = saved;
fail:
  luaL_pushfail(L);
  lua_pushfstring(L, "%s: %s", path, strerror(errno));
  return 2;
}

/* sys.fsync_rename(tmp, path): finish a streamed atomic output */
static int s_commit (lua_State *L) {
  const char *tmp = luaL_checkstring(L, 1);
  const char *path = luaL_checkstring(L, 2);
  int fd = open(tmp, O_RDONLY);
  if (fd >= 0) { fsync(fd); close(fd); }
  if (rename(tmp, path) != 0) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", path, strerror(errno));
    return 2;
  }
  lua_pushboolean(L, 1);
  return 1;
}

static int s_getpid (lua_State *L) {
  lua_pushinteger(L, (lua_Integer)getpid());
  return 1;
}

static int s_realpath (lua_State *L) {
  char buf[4096];
  const char *p = luaL_checkstring(L, 1);
  if (realpath(p, buf) == NULL) {
    luaL_pushfail(L);
    lua_pushfstring(L, "%s: %s", p, strerror(errno));
    return 2;
  }
  lua_pushstring(L, buf);
  return 1;
}

/* }====================================================================== */

/* sys.width(s) -> terminal columns of UTF-8 text: East Asian wide
** characters take two, combining marks none; a byte that is not UTF-8
** counts one (it is shown as one replacement character). */
static int s_width (lua_State *L) {
  size_t n, i = 0;
  const char *s = luaL_checklstring(L, 1, &n);
  lua_Integer w = 0;
  while (i < n) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t k;
    if ((unsigned char)s[i] < 0x80) { w++; i++; continue; }
    k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) { w++; i++; continue; }
    w += utf8proc_charwidth(cp);
    i += (size_t)k;
  }
  lua_pushinteger(L, w);
  return 1;
}

static const luaL_Reg sys_funcs[] = {
  {"isatty", s_isatty}, {"columns", s_columns}, {"time", s_time},
  {"cpus", s_cpus}, {"peak_rss", s_peak_rss}, {"trap", s_trap},
  {"interrupted", s_interrupted}, {"stat", s_stat}, {"listdir", s_listdir},
  {"mkdir", s_mkdir}, {"du", s_du}, {"write_atomic", s_write_atomic},
  {"commit", s_commit}, {"getpid", s_getpid}, {"realpath", s_realpath},
  {"width", s_width}, {NULL, NULL}
};

void llore_open_sys (lua_State *L) {
  luaL_newlib(L, sys_funcs);
  lua_setfield(L, -2, "sys");
}
