/*
** lore.c
** The lore executable: Lua 5.4 with the lore module, LPeg (linked in) and
** re, a command dispatcher written in Lua (lore.cli), and the interactive
** REPL (shaped like lua.c: return-first, multi-line by "<eof>" syntax
** errors, a SIGINT hook during evaluation; readline for editing, history
** and tab completion).
*/
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "lauxlib.h"
#include "lua.h"
#include "lualib.h"

#include "llore.h"

extern int luaopen_lpeg (lua_State *L);

#define PROMPT  "lore> "
#define PROMPT2 "  ... "
#define EOFMARK "<eof>"
#define MAXHISTORY 2000

static lua_State *globalL = NULL;

/* {======================================================================
** Evaluation with a traceback and Ctrl-C (as in lua.c)
** ======================================================================= */

static void lstop (lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_sethook(L, NULL, 0, 0);
  luaL_error(L, "interrupted!");
}

static void laction (int sig) {
  signal(sig, SIG_DFL);                     /* a second Ctrl-C kills */
  lua_sethook(globalL, lstop, LUA_MASKCALL | LUA_MASKRET | LUA_MASKCOUNT, 1);
}

/* The frames from the REPL's own down (lore._repl, lore.cli, xpcall...)
** are lore's, not the user's: cut the traceback there. */
static void cut_traceback (lua_State *L) {
  const char *tb = lua_tostring(L, -1);
  const char *own = strstr(tb, "\n\t[C]: in function 'lore._repl'");
  if (own != NULL) {
    lua_pushlstring(L, tb, (size_t)(own - tb));
    lua_remove(L, -2);
  }
}

static int msghandler (lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING)
      return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  cut_traceback(L);
  return 1;
}

static int docall (lua_State *L, int narg, int nres) {
  int status, base = lua_gettop(L) - narg;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  globalL = L;
  signal(SIGINT, laction);
  status = lua_pcall(L, narg, nres, base);
  signal(SIGINT, SIG_DFL);
  lua_remove(L, base);
  return status;
}

/* }====================================================================== */

/* {======================================================================
** Line input: readline in callback mode on a terminal (so Ctrl-C at the
** prompt clears the line), plain reads otherwise
** ======================================================================= */

typedef enum { LINE_OK, LINE_EOF, LINE_CANCEL } LineStatus;

static char *cb_line = NULL;
static int cb_done = 0;
static volatile sig_atomic_t prompt_sigint = 0;

static void on_line (char *line) {
  cb_line = line;
  cb_done = 1;
  rl_callback_handler_remove();
}

/* Readline would gather typed-ahead characters into its own buffer while
** inserting, where our select() cannot see them; report none, so every
** byte stays on the descriptor until rl_callback_read_char reads it. */
static int no_typeahead (void) {
  return 0;
}

static void on_prompt_sigint (int sig) {
  (void)sig;
  prompt_sigint = 1;
}

/* Read one line (malloc'd, without the newline) into *out. */
static LineStatus read_line (int tty, const char *prompt, char **out) {
  *out = NULL;
  if (!tty) {
    size_t cap = 0;
    ssize_t n = getline(out, &cap, stdin);
    if (n < 0) { free(*out); *out = NULL; return LINE_EOF; }
    if (n > 0 && (*out)[n - 1] == '\n') (*out)[--n] = '\0';
    if (n > 0 && (*out)[n - 1] == '\r') (*out)[--n] = '\0';
    return LINE_OK;
  }
  else {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_prompt_sigint;       /* no SA_RESTART: select wakes */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    cb_done = 0;
    cb_line = NULL;
    prompt_sigint = 0;
    rl_callback_handler_install(prompt, on_line);
    while (!cb_done) {
      fd_set fds;
      int r;
      FD_ZERO(&fds);
      FD_SET(0, &fds);
      r = select(1, &fds, NULL, NULL, NULL);
      if (r < 0) {
        if (errno == EINTR && prompt_sigint) {
          prompt_sigint = 0;
          rl_replace_line("", 0);
          rl_free_line_state();
          rl_callback_sigcleanup();
          rl_callback_handler_remove();
          fputs("^C\n", stdout);
          fflush(stdout);
          sigaction(SIGINT, &old, NULL);
          return LINE_CANCEL;
        }
        if (errno == EINTR) continue;
        break;
      }
      rl_callback_read_char();
    }
    sigaction(SIGINT, &old, NULL);
    if (!cb_done) rl_callback_handler_remove();
    if (cb_line == NULL) return LINE_EOF;
    *out = cb_line;
    return LINE_OK;
  }
}

/* }====================================================================== */

/* {======================================================================
** Tab completion: candidates come from lore.repl.complete(word, before)
** ======================================================================= */

static char **candidates = NULL;   /* NULL-terminated, from the last call */

static void free_candidates (void) {
  char **c;
  if (candidates == NULL) return;
  for (c = candidates; *c; c++) free(*c);
  free(candidates);
  candidates = NULL;
}

static int complete_p (lua_State *L) {
  lua_Integer i, n;
  const char *word = (const char *)lua_touserdata(L, 1);
  const char *before = (const char *)lua_touserdata(L, 2);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "lore.repl");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "complete");
  lua_pushstring(L, word);
  lua_pushstring(L, before);
  lua_call(L, 2, 1);
  if (!lua_istable(L, -1)) return 0;
  n = (lua_Integer)lua_rawlen(L, -1);
  candidates = (char **)calloc((size_t)n + 1, sizeof(char *));
  if (candidates == NULL) return 0;
  for (i = 1; i <= n; i++) {
    const char *s;
    lua_rawgeti(L, -1, i);
    s = lua_tostring(L, -1);
    candidates[i - 1] = strdup(s ? s : "");
    lua_pop(L, 1);
  }
  return 0;
}

static char *candidate_gen (const char *text, int state) {
  static int idx;
  (void)text;
  if (state == 0) idx = 0;
  if (candidates == NULL || candidates[idx] == NULL) return NULL;
  return strdup(candidates[idx++]);
}

static char **lore_completion (const char *text, int start, int end) {
  char *before;
  (void)end;
  rl_attempted_completion_over = 1;         /* no file-name fallback */
  free_candidates();
  before = strndup(rl_line_buffer, (size_t)start);
  if (before == NULL) return NULL;
  lua_pushcfunction(globalL, complete_p);
  lua_pushlightuserdata(globalL, (void *)text);
  lua_pushlightuserdata(globalL, before);
  if (lua_pcall(globalL, 2, 0, 0) != LUA_OK) lua_pop(globalL, 1);
  free(before);
  rl_completion_append_character = '\0';
  return rl_completion_matches(text, candidate_gen);
}

/* }====================================================================== */

/* {======================================================================
** The REPL
** ======================================================================= */

/* Is the syntax error on top "<eof>": the statement goes on? (The
** message stays: it is the error if the input ends there.) */
static int incomplete (lua_State *L, int status) {
  if (status == LUA_ERRSYNTAX) {
    size_t lmsg, lmark = sizeof(EOFMARK) - 1;
    const char *msg = lua_tolstring(L, -1, &lmsg);
    if (lmsg >= lmark && strcmp(msg + lmsg - lmark, EOFMARK) == 0)
      return 1;
  }
  return 0;
}

/* Call lore.repl.<name>(...) with the nargs values on top; nres results. */
static int replcall (lua_State *L, const char *name, int nargs, int nres) {
  int base = lua_gettop(L) - nargs;
  lua_getglobal(L, "require");
  lua_pushliteral(L, "lore.repl");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, name);
  lua_remove(L, -2);
  lua_insert(L, base + 1);
  return docall(L, nargs, nres);
}

static void report (lua_State *L, int status) {
  if (status != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "%s\n", msg ? msg : "(error)");
    fflush(stderr);
    lua_pop(L, 1);
  }
}

/* The history file (malloc'd) from lore.repl.history_path(), or NULL. */
static char *history_path (lua_State *L) {
  char *p = NULL;
  if (replcall(L, "history_path", 0, 1) == LUA_OK) {
    const char *s = lua_tostring(L, -1);
    if (s != NULL) p = strdup(s);
  }
  lua_pop(L, 1);
  return p;
}

/* lore._repl() -> exit status: 0, or 1 if a chunk failed when reading a
** non-terminal input. */
static int l_repl (lua_State *L) {
  int tty = isatty(0) && isatty(1);
  int failed = 0;
  char *hist = NULL;
  globalL = L;
  if (tty) {
    rl_readline_name = "lore";
    rl_catch_signals = 0;
    rl_input_available_hook = no_typeahead;
    rl_attempted_completion_function = lore_completion;
    rl_completer_word_break_characters = " \t\n\"\\'`@$><=;|&{(,+-*/%^~#[]";
    hist = history_path(L);
    if (hist) read_history(hist);
    lua_pushboolean(L, 1);
    report(L, replcall(L, "banner", 1, 0));
  }
  for (;;) {
    char *line;
    LineStatus ls = read_line(tty, tty ? PROMPT : "", &line);
    int status;
    size_t len;
    if (ls == LINE_EOF) break;
    if (ls == LINE_CANCEL) continue;
    len = strlen(line);
    if (len == 0) { free(line); continue; }
    if (line[0] == ':') {                   /* a command: nothing buffered */
      int quit;
      if (tty) add_history(line);
      lua_pushstring(L, line);
      free(line);
      status = replcall(L, "command", 1, 1);
      if (status != LUA_OK) { report(L, status); failed = 1; continue; }
      quit = lua_toboolean(L, -1);
      lua_pop(L, 1);
      if (quit) break;
      continue;
    }
    lua_settop(L, 0);
    lua_pushstring(L, line);                /* 1: the chunk so far */
    free(line);
    /* try "return <line>" first, as lua.c does */
    lua_pushfstring(L, "return %s;", lua_tostring(L, 1));
    status = luaL_loadbuffer(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin");
    lua_remove(L, -2);
    if (status != LUA_OK) {
      lua_pop(L, 1);
      for (;;) {                            /* multi-line */
        size_t l;
        const char *chunk = lua_tolstring(L, 1, &l);
        status = luaL_loadbuffer(L, chunk, l, "=stdin");
        if (!incomplete(L, status)) break;
        ls = read_line(tty, tty ? PROMPT2 : "", &line);
        if (ls != LINE_OK) break;           /* at EOF the error is reported */
        lua_pop(L, 1);                      /* the "<eof>" message */
        lua_pushliteral(L, "\n");
        lua_pushstring(L, line);
        free(line);
        lua_concat(L, 3);
        lua_insert(L, 1);
      }
      if (ls == LINE_CANCEL) { lua_settop(L, 0); continue; }
    }
    if (tty) {
      const char *chunk = lua_tostring(L, 1);
      if (chunk) add_history(chunk);
    }
    lua_remove(L, 1);                       /* the chunk text */
    if (status == LUA_OK) {
      status = docall(L, 0, LUA_MULTRET);
      if (status == LUA_OK && lua_gettop(L) > 0) {
        status = replcall(L, "print", lua_gettop(L), 0);
      }
    }
    if (status != LUA_OK) { report(L, status); failed = 1; }
    lua_settop(L, 0);
    if (ls == LINE_EOF) break;              /* inside an unfinished statement */
  }
  if (tty) {
    fputc('\n', stdout);
    if (hist) {
      stifle_history(MAXHISTORY);
      write_history(hist);
    }
  }
  free(hist);
  free_candidates();
  lua_pushinteger(L, tty ? 0 : failed);
  return 1;
}

/* }====================================================================== */

/* Worker states get LPeg too (linked statically here). */
static void openlibs_extra (lua_State *L) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(L, luaopen_lpeg);
  lua_setfield(L, -2, "lpeg");
  lua_pop(L, 1);
}

static int pmain (lua_State *L) {
  int argc = (int)lua_tointeger(L, 1);
  char **argv = (char **)lua_touserdata(L, 2);
  int i;
  luaL_openlibs(L);
  openlibs_extra(L);
  llore_set_worker_openlibs(openlibs_extra);
  luaL_requiref(L, "lore", luaopen_lore, 1);
  lua_pushcfunction(L, l_repl);
  lua_setfield(L, -2, "_repl");
  lua_pop(L, 1);
  luaL_requiref(L, "lpeg", luaopen_lpeg, 1);
  lua_pop(L, 1);
  lua_getglobal(L, "require");              /* re is optional: pure Lua */
  lua_pushliteral(L, "re");
  if (lua_pcall(L, 1, 1, 0) == LUA_OK) lua_setglobal(L, "re");
  else lua_pop(L, 1);
  lua_getglobal(L, "require");
  lua_pushliteral(L, "lore.cli");
  lua_call(L, 1, 1);
  lua_getfield(L, -1, "main");
  lua_createtable(L, argc, 0);
  for (i = 1; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i);
  }
  lua_call(L, 1, 1);
  return 1;
}

int main (int argc, char **argv) {
  lua_State *L = luaL_newstate();
  int status, code = 1;
  if (L == NULL) {
    fprintf(stderr, "lore: cannot create a Lua state: not enough memory\n");
    return 1;
  }
  lua_pushcfunction(L, msghandler);
  lua_pushcfunction(L, pmain);
  lua_pushinteger(L, argc);
  lua_pushlightuserdata(L, argv);
  status = lua_pcall(L, 2, 1, 1);
  if (status != LUA_OK) {
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "lore: %s\n", msg ? msg : "(error)");
  }
  else code = lua_isinteger(L, -1) ? (int)lua_tointeger(L, -1) : 0;
  fflush(stdout);
  lua_close(L);
  return code;
}
