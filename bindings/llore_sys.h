/*
** llore_sys.h
** Process-wide signal flag shared by lore.sys and the worker pool.
*/
#ifndef llore_sys_h
#define llore_sys_h

#include <signal.h>

/* 0, or the number of the first SIGINT/SIGTERM received after
** lore.sys.trap(). */
extern volatile sig_atomic_t llore_signal;

#endif
