#ifndef CEDITSHIM_H
#define CEDITSHIM_H
/* Non-variadic wrappers around libedit's el_set/el_get/history, which Swift cannot call,
   plus the few process-wide hooks a line editor needs (terminal restore, Ctrl-C flag). */
#include <stdio.h>
#include <histedit.h>

typedef unsigned char (*hw_key_fn)(EditLine *, int);

EditLine *hw_el_init(const char *program);
void hw_el_end(EditLine *el);
void hw_el_set_editor(EditLine *el, const char *mode);
void hw_el_use_prompt(EditLine *el);
void hw_set_prompt_text(const char *text);
void hw_el_add_fn(EditLine *el, const char *name, const char *help, hw_key_fn fn);
void hw_el_bind(EditLine *el, const char *key, const char *fn);
void hw_el_set_clientdata(EditLine *el, void *data);
void *hw_el_get_clientdata(EditLine *el);
void hw_el_set_history(EditLine *el, History *h);
void hw_el_raw_keys(EditLine *el);
void hw_el_set_signal(EditLine *el, int on);
FILE *hw_el_outfp(EditLine *el);
int hw_el_source(EditLine *el);
const char *hw_el_gets(EditLine *el, int *count);
/* The line being edited: its bytes and the cursor's byte offset. */
const char *hw_el_line(EditLine *el, int *length, int *cursor);

History *hw_history_init(int size);
void hw_history_end(History *h);
int hw_history_enter(History *h, const char *line);
int hw_history_load(History *h, const char *path);
int hw_history_save(History *h, const char *path);

/* Ctrl-C while editing: a key function that marks the line interrupted and ends it. */
unsigned char hw_key_interrupt(EditLine *el, int ch);
unsigned char hw_key_suspend(EditLine *el, int ch);
int hw_take_line_interrupt(void);

/* Ctrl-C outside the editor (SIGINT): an atomic flag long statements poll. */
void hw_install_sigint(void);
int hw_sigint_pending(void);
char *hw_read_answer(void);
void hw_sigint_clear(void);

/* Save the terminal and restore it at exit and on a crash. */
void hw_guard_terminal(int fd);
/* Terminal width of fd, or 0. */
int hw_terminal_width(int fd);
#endif
