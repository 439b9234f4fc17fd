/* interrupt — the signals a command stops for, recorded. See interrupt.h. */
#define _POSIX_C_SOURCE 200809L
#include "sim/support/interrupt.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t received;

static void record(int signo)
{
    if (!received)
        received = signo;
}

void ddb_interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = record;
    sigemptyset(&sa.sa_mask);
    int signals[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++)
        sigaction(signals[i], &sa, NULL);
}

int ddb_interrupt_signal(void)
{
    return received;
}

int ddb_interrupt_exit_status(void)
{
    return 128 + received;
}

const char *ddb_interrupt_name(void)
{
    switch (received) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "a signal";
    }
}
