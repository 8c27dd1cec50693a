#include "CEditShim.h"
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sys/ioctl.h>

static char prompt_text[512] = "> ";
static volatile sig_atomic_t line_interrupted = 0;
static volatile sig_atomic_t sigint_pending = 0;

/* libedit edits only when its output is a terminal. With standard output piped (hweplan | tee log) the
   prompt, the echo and the completion lists go to the terminal on standard error (or /dev/tty), so the line
   is still edited; results still go to standard output. */
EditLine *hw_el_init(const char *program) {
    FILE *out = stdout;
    if (!isatty(fileno(stdout))) {
        if (isatty(fileno(stderr))) out = stderr;
        else { FILE *tty = fopen("/dev/tty", "w"); if (tty) out = tty; }
    }
    return el_init(program, stdin, out, stderr);
}
void hw_el_end(EditLine *el) { el_end(el); }
void hw_el_set_editor(EditLine *el, const char *mode) { el_set(el, EL_EDITOR, mode); }

static char *prompt_fn(EditLine *el) { (void)el; return prompt_text; }
void hw_el_use_prompt(EditLine *el) { el_set(el, EL_PROMPT, prompt_fn); }
void hw_set_prompt_text(const char *text) {
    strncpy(prompt_text, text, sizeof prompt_text - 1);
    prompt_text[sizeof prompt_text - 1] = 0;
}

void hw_el_add_fn(EditLine *el, const char *name, const char *help, hw_key_fn fn) { el_set(el, EL_ADDFN, name, help, fn); }
void hw_el_bind(EditLine *el, const char *key, const char *fn) { el_set(el, EL_BIND, key, fn, NULL); }
void hw_el_set_clientdata(EditLine *el, void *data) { el_set(el, EL_CLIENTDATA, data); }
void *hw_el_get_clientdata(EditLine *el) { void *d = NULL; el_get(el, EL_CLIENTDATA, &d); return d; }
void hw_el_set_history(EditLine *el, History *h) { el_set(el, EL_HIST, history, h); }
void hw_el_raw_keys(EditLine *el) { el_set(el, EL_SETTY, "-d", "-isig", NULL); }
void hw_el_set_signal(EditLine *el, int on) { el_set(el, EL_SIGNAL, on); }
FILE *hw_el_outfp(EditLine *el) { FILE *fp = NULL; el_get(el, EL_GETFP, 1, &fp); return fp ? fp : stdout; }
int hw_el_source(EditLine *el) { return el_source(el, NULL); }
const char *hw_el_gets(EditLine *el, int *count) { return el_gets(el, count); }

const char *hw_el_line(EditLine *el, int *length, int *cursor) {
    const LineInfo *li = el_line(el);
    *length = (int)(li->lastchar - li->buffer);
    *cursor = (int)(li->cursor - li->buffer);
    return li->buffer;
}

History *hw_history_init(int size) {
    History *h = history_init();
    HistEvent ev;
    if (!h) return NULL;
    history(h, &ev, H_SETSIZE, size);
    history(h, &ev, H_SETUNIQUE, 1);
    return h;
}
void hw_history_end(History *h) { history_end(h); }
int hw_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
int hw_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
int hw_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }

unsigned char hw_key_interrupt(EditLine *el, int ch) {
    (void)el; (void)ch;
    line_interrupted = 1;
    return CC_NEWLINE;
}
unsigned char hw_key_suspend(EditLine *el, int ch) {
    (void)el; (void)ch;
    kill(0, SIGTSTP);
    return CC_REDISPLAY;
}
int hw_take_line_interrupt(void) { int v = line_interrupted; line_interrupted = 0; return v; }

static void on_sigint(int sig) { (void)sig; sigint_pending = 1; }
void hw_install_sigint(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESTART; /* a write in progress (the progress line) resumes instead of failing */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    /* A parent may have started us with SIGINT blocked (the mask is inherited): Ctrl-C must still work. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}
int hw_sigint_pending(void) { return sigint_pending; }

/* A line read from the terminal that Ctrl-C ends: NULL with the pending flag set when it did, NULL at end of
   input; else the line without its newline (the caller frees it). Used for a question asked before the
   prompt exists, where a read restarted after Ctrl-C would look hung. */
char *hw_read_answer(void) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = 0; /* no SA_RESTART: the read returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old);
    char *line = NULL;
    size_t size = 0;
    ssize_t n = sigint_pending ? -1 : getline(&line, &size, stdin);
    sigaction(SIGINT, &old, NULL);
    if (n < 0) { free(line); clearerr(stdin); return NULL; }
    if (n > 0 && line[n - 1] == '\n') line[n - 1] = 0;
    return line;
}
void hw_sigint_clear(void) { sigint_pending = 0; }

static struct termios saved_termios;
static int saved_fd = -1;
static struct sigaction previous[32];

static void restore_terminal(void) { if (saved_fd >= 0) tcsetattr(saved_fd, TCSANOW, &saved_termios); }
static void on_crash(int sig) {
    restore_terminal();
    sigaction(sig, &previous[sig], NULL);
    raise(sig);
}
void hw_guard_terminal(int fd) {
    static const int signals[] = { SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE };
    if (tcgetattr(fd, &saved_termios) != 0) return;
    saved_fd = fd;
    atexit(restore_terminal);
    for (unsigned i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_crash;
        sigemptyset(&sa.sa_mask);
        sigaction(signals[i], &sa, &previous[signals[i]]);
    }
}

int hw_terminal_width(int fd) {
    struct winsize ws;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return 0;
}
