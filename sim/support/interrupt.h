/* interrupt — SIGINT, SIGTERM and SIGHUP recorded rather than obeyed, so that a command can stop
 * its work at a safe point, remove what it had not published and exit as the signal asked.
 *
 * ddb_interrupt_install sets the handlers (sigaction, without SA_RESTART: a blocked read returns
 * EINTR); the handler only records the signal. Long work polls ddb_interrupt_signal (the engine
 * does after each interval, a sweep before each run) and stops when it is non-zero. Any thread
 * may poll; the flag is a sig_atomic_t written once per signal.
 */
#ifndef DDB_INTERRUPT_H
#define DDB_INTERRUPT_H

/* Install the handlers for SIGINT, SIGTERM and SIGHUP. */
void ddb_interrupt_install(void);
/* The first of those signals received since install, or 0. */
int ddb_interrupt_signal(void);
/* The exit status for it: 128 + the signal's number (SIGHUP 129, SIGINT 130, SIGTERM 143). */
int ddb_interrupt_exit_status(void);
/* "interrupted by SIGINT" (SIGTERM, SIGHUP): the message's words. */
const char *ddb_interrupt_name(void);

#endif
