#ifndef POPVAULT_CPROCESSSAFETY_H
#define POPVAULT_CPROCESSSAFETY_H

/// Makes the calling process leave no core dump: RLIMIT_CORE 0 (soft and hard), and on Linux
/// PR_SET_DUMPABLE 0, which also keeps other processes of the same user from reading its memory
/// through ptrace or /proc/PID/mem. Returns 0, or the errno of the first call that failed.
/// (In C because prctl is variadic, which Swift cannot call.)
int popvault_disable_core_dumps(void);

#endif
