/* form.h — the edit form as a model, with no curses: field descriptors (kind, label, required, a
 * visibility rule, the validator's field name), the values being edited, focus and tab order, binding
 * to and from the registry struct, live validation of the visible fields, dirty tracking and the list
 * of changes for the confirmation panel. Hidden fields keep their values while the form is open but
 * are never validated or sent. ui/ draws this model and turns keys into these calls. */
#ifndef SWRTUI_FORM_H
#define SWRTUI_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "swrtui/model/lineedit.h"
#include "swrtui/model/registry.h"

typedef enum {
	FORM_NAME = 0,
	FORM_DESCRIPTION,
	FORM_TYPE,
	FORM_PROJECT_ID,   /* only for swr-pro-internal */
	FORM_REGION_ID,    /* only for swr-pro-internal */
	FORM_INSTANCE_ID,  /* only for swr-pro-internal */
	FORM_URL,
	FORM_CRED_TYPE,    /* "basic", read-only, outside the tab order */
	FORM_ACCESS_KEY,
	FORM_ACCESS_SECRET,
	FORM_INSECURE,     /* checkbox "Skip certificate verification" */
	FORM_DNS_HOSTS,    /* map: domain -> IP, edited in its own editor */
	FORM_FIELD_COUNT
} form_field_id;

typedef enum {
	FORM_KIND_TEXT = 0,
	FORM_KIND_SECRET,
	FORM_KIND_CHOICE,
	FORM_KIND_CHECKBOX,
	FORM_KIND_MAP,
	FORM_KIND_READONLY
} form_kind;

struct form;

typedef struct {
	form_field_id id;
	const char *label;      /* "Name", "Skip certificate verification", ... */
	const char *json_field; /* the validator's field: "name", "credential.access_secret", "dns_conf.hosts" */
	form_kind kind;
	bool required;
	bool (*visible)(const struct form *f); /* NULL: always visible */
} form_field_desc;

/* The descriptor table, in display order. */
const form_field_desc *form_field(form_field_id id);

typedef struct form {
	bool is_new;           /* creating: no id yet */
	long long id;          /* the registry edited (when !is_new) */
	registry original;     /* as the service showed it (empty when new); for dirty tracking and changes */
	lineedit text[FORM_FIELD_COUNT]; /* the values of TEXT, SECRET and READONLY fields */
	registry_type type;    /* the CHOICE */
	bool insecure;         /* the CHECKBOX */
	registry_host *hosts;  /* the MAP, in order */
	size_t nhosts;
	form_field_id focus;
	bool secret_revealed;  /* the secret is shown in clear */
	registry_problems problems; /* of the last form_validate(), but for the hosts: */
	registry_problems host_problems; /* of the hosts, checked when they change (not on every key) */
	size_t host_errors;    /* errors among host_problems */
	bool hosts_dirty;      /* the hosts differ from the original's (kept when they change) */
	size_t nerrors;        /* errors (not warnings) of the last form_validate(), the hosts' included */
	size_t field_errors[FORM_FIELD_COUNT]; /* the errors of each field (the hosts' are host_errors) */
} form;

/* r == NULL: a new registry (type swr-pro, insecure false). Otherwise the fields are filled from r;
 * the secret starts empty (the service never returns it). Focus on Name. Validates once. 0 / -1. */
int form_init(form *f, const registry *r);
void form_free(form *f); /* wipes the secret */

bool form_visible(const form *f, form_field_id id);
/* Visible and in the tab order (not READONLY). */
bool form_focusable(const form *f, form_field_id id);
/* Tab / Down and Shift-Tab / Up: the next or previous focusable field, wrapping around. Focusing a
 * text field puts its cursor at the end of its value. */
void form_focus_next(form *f);
void form_focus_prev(form *f);
void form_set_focus(form *f, form_field_id id);

/* The line being edited for TEXT and SECRET fields; NULL for the others. */
lineedit *form_text(form *f, form_field_id id);
/* Left / Right / Space on Type: the previous / next type (dir -1 / +1), wrapping. Revalidates. */
void form_type_step(form *f, int dir);
void form_set_type(form *f, registry_type t);
void form_toggle_insecure(form *f);

/* DNS hosts (the map): copies are kept. Each revalidates. 0 / -1. */
int form_host_add(form *f, const char *domain, const char *ip);
int form_host_set(form *f, size_t index, const char *domain, const char *ip);
void form_host_remove(form *f, size_t index);

/* Binding: the registry the form describes, as it would be sent (hidden fields left NULL). 0 / -1. */
int form_to_registry(const form *f, registry *out);

/* Revalidates the visible fields. Returns the number of errors. */
size_t form_validate(form *f);
/* After an edit of field id: revalidates that field and the fields whose rules depend on it (a text
 * field's rules depend on it alone; a change of the type or of the checkbox revalidates the whole form),
 * so that a key costs the rules of one field, not of the registry. Returns the number of errors. */
size_t form_revalidate(form *f, form_field_id id);
/* The first error of a visible field (else its first warning when warnings is true), or NULL. */
const char *form_problem(const form *f, form_field_id id, bool warnings);
/* The first error of DNS hosts row i, or NULL. */
const char *form_host_problem(const form *f, size_t i);
/* Warnings that do not block saving (e.g. swr-pro-internal with insecure false), or NULL. */
const char *form_warning(const form *f);

/* Changed since form_init (for a new form: any value entered). The secret is changed when not empty. */
bool form_field_dirty(const form *f, form_field_id id);
bool form_dirty(const form *f);

/* One line of the confirmation panel: label, old -> new. For the secret: old "" and new "changed". */
typedef struct {
	form_field_id id;
	const char *label;
	char *old_value;
	char *new_value;
} form_change;

/* The changes of the visible fields, in display order (hidden fields are not sent, so not listed).
 * *out is malloc'd (free with form_changes_free). Returns the count, or (size_t)-1 on failure. */
size_t form_changes(const form *f, form_change **out);
void form_changes_free(form_change *c, size_t n);

#endif
