/* impact.h — the impact panel's model, shared by its views (impact.c) and its logic (impact_model.c):
 * the policies that use one registry, each with its last run and the run being followed. Private to
 * ui/screen. */
#ifndef SWRTUI_UI_IMPACT_H
#define SWRTUI_UI_IMPACT_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/swr/replication.h"
#include "screen.h"

/* Polls of a followed run, one a tick (milliseconds). */
#define IMPACT_POLL_MS 1000

enum { IMPACT_LOADING = 0, IMPACT_READY, IMPACT_FAILED };

typedef struct {
	repl_execution last; /* the last run (or the followed one, as it goes) */
	bool has_last;
	long long follow_eid; /* the run followed, -1 when none */
	long long follow_start, follow_deadline; /* monotonic ms */
} impact_row;

typedef struct {
	ui *u;
	long long id;   /* the registry */
	char name[256];
	repl_policy_list pol;
	impact_row *rows; /* one per policy */
	int state;
	bool oom;
	char fail[256];   /* why loading failed: "HTTP 403 SVCSTG.SWR.4030170" */
	ui_note note;     /* the status line */
	repl_execution_list *runs; /* the runs shown by the open runs view, or NULL */
	long runs_of;              /* its policy's index */
} impact;

const char *impact_str(const char *s);
void impact_init(impact *m, ui *u, long long id, const char *name);
void impact_clear(impact *m);
void impact_free(impact *m);
/* Loads the policies and their last runs; quiet: no error panel. 0, or -1 with m->fail saying why. */
int impact_load(impact *m, bool quiet);
/* "source", "destination", "source and destination" */
const char *impact_role(const impact *m, size_t i);
bool impact_following(const impact *m);
long long impact_follow_seconds(const impact *m, size_t i);
/* A deep copy (strings "" when absent). 0 / -1. */
int impact_exec_copy(repl_execution *dst, const repl_execution *src);
/* r: asks, then starts a run of policy i and follows it; impact_start does not ask. */
void impact_ask_start(impact *m, size_t i);
void impact_start(impact *m, size_t i);
/* One poll of every followed run (the views' tick). */
int impact_tick(impact *m);
/* Esc: stops following (the runs go on), saying so. */
void impact_stop_following(impact *m);

#endif
