/* test_form.c — unit tests of the edit form model (form.c): the field table, tab order per type, the
 * conditional swr-pro-internal fields (validated and sent only when visible, values kept while hidden),
 * prefill for an edit with the secret empty and explained, dirty tracking, the change list (never the
 * secret), DNS host rows with their problems, the internal/insecure warning, and the request body. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/model/form.h"
#include "swrtui/model/registry.h"
#include "swrtui/base/secret.h"

#define SECRET_AGAIN_MSG                                                                                    \
	"credential.access_secret is required: the service never returns the stored secret, so it must be " \
	"entered again"
#define INSECURE_WARNING                                                                                 \
	"the service may accept only insecure = true for swr-pro-internal (unverified rule of the Chinese " \
	"documentation)"

/* ---- helpers ---- */

/* Appends text to a field, as typed, then revalidates. */
static void type_into(form *f, form_field_id id, const char *text)
{
	lineedit *le = form_text(f, id);
	assert_non_null(le);
	lineedit_end(le);
	assert_int_equal(lineedit_insert(le, text, strlen(text)), (int)registry_utf8_chars(text));
	form_validate(f);
}

/* A new form with every required field of swr-pro filled. */
static void new_valid_form(form *f)
{
	assert_int_equal(form_init(f, NULL), 0);
	type_into(f, FORM_NAME, "target-1");
	type_into(f, FORM_URL, "https://registry.example.com");
	type_into(f, FORM_ACCESS_KEY, "AK123");
	type_into(f, FORM_ACCESS_SECRET, "SK-secret");
	assert_int_equal(f->nerrors, 0);
}

/* A registry as the service's show returns it: no secret. */
static void shown_registry(registry *r, const char *type)
{
	registry_init(r);
	r->id = 42;
	r->has_id = true;
	assert_int_equal(registry_set(&r->name, "backup-target"), 0);
	assert_int_equal(registry_set(&r->description, "nightly copy"), 0);
	assert_int_equal(registry_set(&r->type, type), 0);
	if (strcmp(type, "swr-pro-internal") == 0) {
		assert_int_equal(registry_set(&r->project_id, "proj-1"), 0);
		assert_int_equal(registry_set(&r->region_id, "cn-north-4"), 0);
		assert_int_equal(registry_set(&r->instance_id, "inst-1"), 0);
		r->insecure = true;
	}
	assert_int_equal(registry_set(&r->url, "https://harbor.example.com"), 0);
	assert_int_equal(registry_set(&r->cred_type, "basic"), 0);
	assert_int_equal(registry_set(&r->access_key, "AKOLD"), 0);
	assert_int_equal(registry_add_host(r, "a.example.com", "10.0.0.1"), 0);
	r->has_dns_conf = true;
}

static void edit_form(form *f, const char *type)
{
	registry r;
	shown_registry(&r, type);
	assert_int_equal(form_init(f, &r), 0);
	registry_free(&r);
}

/* Tab from the current focus through `n` fields, expecting `order`. */
static void expect_tab_order(form *f, const form_field_id *order, size_t n, bool forward)
{
	for (size_t i = 0; i < n; i++) {
		if (forward)
			form_focus_next(f);
		else
			form_focus_prev(f);
		if (f->focus != order[i])
			fail_msg("step %zu: expected focus on %s, got %s", i + 1, form_field(order[i])->label,
			         form_field(f->focus)->label);
	}
}

static void expect_change(const form_change *c, form_field_id id, const char *old_value, const char *new_value)
{
	assert_int_equal(c->id, id);
	assert_string_equal(c->label, form_field(id)->label);
	assert_string_equal(c->old_value, old_value);
	assert_string_equal(c->new_value, new_value);
}

/* ---- descriptors and focus ---- */

static void descriptors_are_in_display_order_with_labels_kinds_and_fields(void **state)
{
	(void)state;
	static const struct {
		const char *label, *json;
		form_kind kind;
		bool required;
	} expected[FORM_FIELD_COUNT] = {
		{ "Name", "name", FORM_KIND_TEXT, true },
		{ "Description", "description", FORM_KIND_TEXT, false },
		{ "Type", "type", FORM_KIND_CHOICE, true },
		{ "Project ID", "project_id", FORM_KIND_TEXT, true },
		{ "Region ID", "region_id", FORM_KIND_TEXT, true },
		{ "Instance ID", "instance_id", FORM_KIND_TEXT, true },
		{ "URL", "url", FORM_KIND_TEXT, true },
		{ "Credential type", "credential.type", FORM_KIND_READONLY, false },
		{ "Access key", "credential.access_key", FORM_KIND_TEXT, true },
		{ "Access secret", "credential.access_secret", FORM_KIND_SECRET, true },
		{ "Skip certificate verification", "insecure", FORM_KIND_CHECKBOX, false },
		{ "DNS hosts", "dns_conf.hosts", FORM_KIND_MAP, false },
	};
	for (int id = 0; id < FORM_FIELD_COUNT; id++) {
		const form_field_desc *d = form_field((form_field_id)id);
		assert_non_null(d);
		assert_int_equal(d->id, id);
		assert_string_equal(d->label, expected[id].label);
		assert_string_equal(d->json_field, expected[id].json);
		assert_int_equal(d->kind, expected[id].kind);
		assert_int_equal(d->required, expected[id].required);
		bool conditional = id == FORM_PROJECT_ID || id == FORM_REGION_ID || id == FORM_INSTANCE_ID;
		assert_int_equal(d->visible != NULL, conditional);
	}
	assert_null(form_field(FORM_FIELD_COUNT));
}

static void new_form_defaults_to_swr_pro_with_focus_on_name(void **state)
{
	(void)state;
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	assert_true(f.is_new);
	assert_int_equal(f.type, REGISTRY_TYPE_SWR_PRO);
	assert_false(f.insecure);
	assert_false(f.secret_revealed);
	assert_int_equal(f.nhosts, 0);
	assert_int_equal(f.focus, FORM_NAME);
	assert_string_equal(f.text[FORM_CRED_TYPE].text, "basic");
	assert_false(form_dirty(&f));
	/* name, url, access key and secret are required and empty */
	assert_int_equal(f.nerrors, 4);
	form_free(&f);
}

static void tab_order_for_swr_pro_skips_internal_fields_and_wraps(void **state)
{
	(void)state;
	static const form_field_id order[] = { FORM_DESCRIPTION, FORM_TYPE,     FORM_URL,       FORM_ACCESS_KEY,
		                               FORM_ACCESS_SECRET, FORM_INSECURE, FORM_DNS_HOSTS, FORM_NAME };
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	expect_tab_order(&f, order, sizeof order / sizeof order[0], true);
	form_free(&f);
}

static void tab_order_for_huawei_swr_skips_internal_fields_and_wraps(void **state)
{
	(void)state;
	static const form_field_id order[] = { FORM_URL,      FORM_ACCESS_KEY, FORM_ACCESS_SECRET, FORM_INSECURE,
		                               FORM_DNS_HOSTS, FORM_NAME,      FORM_DESCRIPTION,   FORM_TYPE };
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	form_set_focus(&f, FORM_TYPE);
	form_set_type(&f, REGISTRY_TYPE_HUAWEI_SWR);
	expect_tab_order(&f, order, sizeof order / sizeof order[0], true);
	form_free(&f);
}

static void tab_order_for_swr_pro_internal_includes_the_three_ids(void **state)
{
	(void)state;
	static const form_field_id order[] = { FORM_DESCRIPTION, FORM_TYPE,       FORM_PROJECT_ID,    FORM_REGION_ID,
		                               FORM_INSTANCE_ID, FORM_URL,        FORM_ACCESS_KEY,    FORM_ACCESS_SECRET,
		                               FORM_INSECURE,    FORM_DNS_HOSTS, FORM_NAME };
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	expect_tab_order(&f, order, sizeof order / sizeof order[0], true);
	form_free(&f);
}

static void shift_tab_goes_back_and_wraps(void **state)
{
	(void)state;
	static const form_field_id order[] = { FORM_DNS_HOSTS, FORM_INSECURE,  FORM_ACCESS_SECRET, FORM_ACCESS_KEY,
		                               FORM_URL,       FORM_INSTANCE_ID, FORM_REGION_ID,  FORM_PROJECT_ID,
		                               FORM_TYPE,      FORM_DESCRIPTION, FORM_NAME };
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	assert_int_equal(f.focus, FORM_NAME);
	expect_tab_order(&f, order, sizeof order / sizeof order[0], false);
	form_free(&f);
}

static void credential_type_is_visible_read_only_and_never_focused(void **state)
{
	(void)state;
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	assert_true(form_visible(&f, FORM_CRED_TYPE));
	assert_false(form_focusable(&f, FORM_CRED_TYPE));
	assert_null(form_text(&f, FORM_CRED_TYPE));
	form_set_focus(&f, FORM_CRED_TYPE);
	assert_int_equal(f.focus, FORM_NAME);
	for (int i = 0; i < 3 * FORM_FIELD_COUNT; i++) {
		form_focus_next(&f);
		assert_int_not_equal(f.focus, FORM_CRED_TYPE);
	}
	for (int i = 0; i < 3 * FORM_FIELD_COUNT; i++) {
		form_focus_prev(&f);
		assert_int_not_equal(f.focus, FORM_CRED_TYPE);
	}
	form_free(&f);
}

static void focusing_a_text_field_puts_its_cursor_at_the_end(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	lineedit_home(form_text(&f, FORM_URL));
	form_set_focus(&f, FORM_URL);
	assert_int_equal(f.focus, FORM_URL);
	assert_int_equal(form_text(&f, FORM_URL)->cursor, strlen("https://registry.example.com"));
	lineedit_home(form_text(&f, FORM_ACCESS_KEY));
	form_focus_next(&f);
	assert_int_equal(f.focus, FORM_ACCESS_KEY);
	assert_int_equal(form_text(&f, FORM_ACCESS_KEY)->cursor, 5);
	form_free(&f);
}

static void hidden_field_is_not_focusable_by_set_focus(void **state)
{
	(void)state;
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	form_set_focus(&f, FORM_REGION_ID);
	assert_int_equal(f.focus, FORM_NAME);
	assert_false(form_visible(&f, FORM_REGION_ID));
	assert_false(form_focusable(&f, FORM_REGION_ID));
	form_free(&f);
}

/* ---- type and the conditional fields ---- */

static void type_step_cycles_through_the_three_types_and_wraps(void **state)
{
	(void)state;
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	form_type_step(&f, 1);
	assert_int_equal(f.type, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	form_type_step(&f, 1);
	assert_int_equal(f.type, REGISTRY_TYPE_HUAWEI_SWR);
	form_type_step(&f, 1);
	assert_int_equal(f.type, REGISTRY_TYPE_SWR_PRO);
	form_type_step(&f, -1);
	assert_int_equal(f.type, REGISTRY_TYPE_HUAWEI_SWR);
	form_set_type(&f, REGISTRY_TYPE_UNKNOWN); /* refused */
	assert_int_equal(f.type, REGISTRY_TYPE_HUAWEI_SWR);
	form_free(&f);
}

static void switching_to_internal_shows_three_required_fields_with_errors(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	assert_null(form_problem(&f, FORM_PROJECT_ID, true));
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	assert_true(form_visible(&f, FORM_PROJECT_ID));
	assert_true(form_visible(&f, FORM_REGION_ID));
	assert_true(form_visible(&f, FORM_INSTANCE_ID));
	assert_int_equal(f.nerrors, 3);
	assert_string_equal(form_problem(&f, FORM_PROJECT_ID, false),
	                    "project_id is required when type is swr-pro-internal (the project of the target instance)");
	assert_string_equal(form_problem(&f, FORM_REGION_ID, false),
	                    "region_id is required when type is swr-pro-internal (the region of the target instance)");
	assert_string_equal(form_problem(&f, FORM_INSTANCE_ID, false),
	                    "instance_id is required when type is swr-pro-internal (the target instance)");

	form_set_type(&f, REGISTRY_TYPE_SWR_PRO);
	assert_false(form_visible(&f, FORM_PROJECT_ID));
	assert_int_equal(f.nerrors, 0);
	assert_null(form_problem(&f, FORM_PROJECT_ID, true));
	assert_null(form_problem(&f, FORM_REGION_ID, true));
	assert_null(form_problem(&f, FORM_INSTANCE_ID, true));
	form_free(&f);
}

static void hidden_fields_keep_their_values_and_are_restored(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	type_into(&f, FORM_PROJECT_ID, "proj-1");
	type_into(&f, FORM_REGION_ID, "cn-north-4");
	type_into(&f, FORM_INSTANCE_ID, "inst-1");
	assert_int_equal(f.nerrors, 0);

	form_set_type(&f, REGISTRY_TYPE_HUAWEI_SWR);
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	assert_string_equal(f.text[FORM_PROJECT_ID].text, "proj-1");
	assert_string_equal(f.text[FORM_REGION_ID].text, "cn-north-4");
	assert_string_equal(f.text[FORM_INSTANCE_ID].text, "inst-1");
	assert_int_equal(f.nerrors, 0);
	form_free(&f);
}

static void hidden_values_are_not_sent_listed_or_dirty(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	type_into(&f, FORM_PROJECT_ID, "proj-1");
	type_into(&f, FORM_REGION_ID, "cn-north-4");
	type_into(&f, FORM_INSTANCE_ID, "inst-1");
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO);

	registry r;
	assert_int_equal(form_to_registry(&f, &r), 0);
	assert_null(r.project_id);
	assert_null(r.region_id);
	assert_null(r.instance_id);
	assert_string_equal(r.type, "swr-pro");
	registry_free(&r);

	assert_false(form_field_dirty(&f, FORM_PROJECT_ID));
	form_change *c;
	size_t n = form_changes(&f, &c);
	assert_int_not_equal(n, (size_t)-1);
	for (size_t i = 0; i < n; i++) {
		assert_int_not_equal(c[i].id, FORM_PROJECT_ID);
		assert_int_not_equal(c[i].id, FORM_REGION_ID);
		assert_int_not_equal(c[i].id, FORM_INSTANCE_ID);
	}
	form_changes_free(c, n);
	form_free(&f);
}

static void focus_moves_to_type_when_the_focused_field_is_hidden(void **state)
{
	(void)state;
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	form_set_focus(&f, FORM_REGION_ID);
	assert_int_equal(f.focus, FORM_REGION_ID);
	form_type_step(&f, 1);
	assert_int_equal(f.type, REGISTRY_TYPE_HUAWEI_SWR);
	assert_int_equal(f.focus, FORM_TYPE);
	form_set_focus(&f, FORM_URL);
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO);
	assert_int_equal(f.focus, FORM_URL); /* still visible: stays */
	form_free(&f);
}

/* ---- edit: prefill and the secret ---- */

static void edit_form_is_prefilled_with_focus_on_name(void **state)
{
	(void)state;
	form f;
	edit_form(&f, "swr-pro-internal");
	assert_false(f.is_new);
	assert_int_equal(f.id, 42);
	assert_int_equal(f.focus, FORM_NAME);
	assert_int_equal(f.text[FORM_NAME].cursor, strlen("backup-target"));
	assert_string_equal(f.text[FORM_NAME].text, "backup-target");
	assert_string_equal(f.text[FORM_DESCRIPTION].text, "nightly copy");
	assert_int_equal(f.type, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	assert_string_equal(f.text[FORM_PROJECT_ID].text, "proj-1");
	assert_string_equal(f.text[FORM_REGION_ID].text, "cn-north-4");
	assert_string_equal(f.text[FORM_INSTANCE_ID].text, "inst-1");
	assert_string_equal(f.text[FORM_URL].text, "https://harbor.example.com");
	assert_string_equal(f.text[FORM_CRED_TYPE].text, "basic");
	assert_string_equal(f.text[FORM_ACCESS_KEY].text, "AKOLD");
	assert_true(f.insecure);
	assert_int_equal(f.nhosts, 1);
	assert_string_equal(f.hosts[0].domain, "a.example.com");
	assert_string_equal(f.hosts[0].ip, "10.0.0.1");
	form_free(&f);
}

static void edit_form_secret_starts_empty_and_required_with_the_reason(void **state)
{
	(void)state;
	registry r;
	shown_registry(&r, "swr-pro");
	assert_int_equal(registry_set(&r.access_secret, "*****"), 0); /* whatever the struct holds is ignored */
	form f;
	assert_int_equal(form_init(&f, &r), 0);
	registry_free(&r);
	assert_string_equal(f.text[FORM_ACCESS_SECRET].text, "");
	assert_null(f.original.access_secret);
	assert_int_equal(f.nerrors, 1);
	assert_string_equal(form_problem(&f, FORM_ACCESS_SECRET, false), SECRET_AGAIN_MSG);
	type_into(&f, FORM_ACCESS_SECRET, "new-secret");
	assert_int_equal(f.nerrors, 0);
	assert_null(form_problem(&f, FORM_ACCESS_SECRET, true));
	form_free(&f);
}

static void new_form_secret_error_says_only_that_it_is_required(void **state)
{
	(void)state;
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	assert_string_equal(form_problem(&f, FORM_ACCESS_SECRET, false), "credential.access_secret is required");
	form_free(&f);
}

static void edit_form_with_unknown_type_keeps_it_and_reports_it(void **state)
{
	(void)state;
	registry r;
	shown_registry(&r, "harbor-x");
	form f;
	assert_int_equal(form_init(&f, &r), 0);
	registry_free(&r);
	assert_int_equal(f.type, REGISTRY_TYPE_UNKNOWN);
	assert_false(form_field_dirty(&f, FORM_TYPE));
	assert_string_equal(form_problem(&f, FORM_TYPE, false),
	                    "type \"harbor-x\" is not supported; choose swr-pro (open-source Harbor), swr-pro-internal "
	                    "(SWR Enterprise Edition) or huawei-SWR (SWR Basic Edition)");
	form_type_step(&f, 1);
	assert_int_equal(f.type, REGISTRY_TYPE_SWR_PRO);
	assert_null(form_problem(&f, FORM_TYPE, true));
	form_free(&f);
}

/* ---- dirty tracking and changes ---- */

static void unchanged_edit_form_is_not_dirty(void **state)
{
	(void)state;
	form f;
	edit_form(&f, "swr-pro-internal");
	assert_false(form_dirty(&f));
	form_change dummy, *c = &dummy; /* overwritten with NULL */
	assert_int_equal(form_changes(&f, &c), 0);
	assert_null(c);
	form_free(&f);
}

static void typing_then_deleting_back_to_the_original_is_not_dirty(void **state)
{
	(void)state;
	form f;
	edit_form(&f, "swr-pro");
	type_into(&f, FORM_NAME, "x");
	assert_true(form_field_dirty(&f, FORM_NAME));
	assert_true(form_dirty(&f));
	assert_true(lineedit_backspace(form_text(&f, FORM_NAME)));
	assert_false(form_field_dirty(&f, FORM_NAME));
	assert_false(form_dirty(&f));
	form_toggle_insecure(&f);
	assert_true(form_dirty(&f));
	form_toggle_insecure(&f);
	assert_false(form_dirty(&f));
	form_free(&f);
}

static void typing_a_secret_makes_the_form_dirty(void **state)
{
	(void)state;
	form f;
	edit_form(&f, "swr-pro");
	type_into(&f, FORM_ACCESS_SECRET, "s");
	assert_true(form_field_dirty(&f, FORM_ACCESS_SECRET));
	assert_true(form_dirty(&f));
	form_free(&f);
}

static void new_form_is_dirty_only_for_entered_or_non_default_values(void **state)
{
	(void)state;
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	type_into(&f, FORM_NAME, "target-1");
	form_change *c;
	size_t n = form_changes(&f, &c);
	assert_int_equal(n, 1);
	expect_change(&c[0], FORM_NAME, "", "target-1");
	form_changes_free(c, n);

	form_set_type(&f, REGISTRY_TYPE_HUAWEI_SWR);
	n = form_changes(&f, &c);
	assert_int_equal(n, 2);
	expect_change(&c[1], FORM_TYPE, "swr-pro", "huawei-SWR");
	form_changes_free(c, n);
	form_free(&f);
}

static void changes_list_exactly_the_changed_visible_fields_without_the_secret(void **state)
{
	(void)state;
	static const char secret[] = "TopSecret-123";
	form f;
	edit_form(&f, "swr-pro");
	lineedit_set(form_text(&f, FORM_DESCRIPTION), "weekly copy");
	lineedit_set(form_text(&f, FORM_URL), "https://harbor2.example.com");
	type_into(&f, FORM_ACCESS_SECRET, secret);
	form_toggle_insecure(&f);
	assert_int_equal(form_host_add(&f, "b.example.com", "10.0.0.2"), 0);
	form_set_type(&f, REGISTRY_TYPE_HUAWEI_SWR);

	form_change *c;
	size_t n = form_changes(&f, &c);
	assert_int_equal(n, 6);
	expect_change(&c[0], FORM_DESCRIPTION, "nightly copy", "weekly copy");
	expect_change(&c[1], FORM_TYPE, "swr-pro", "huawei-SWR");
	expect_change(&c[2], FORM_URL, "https://harbor.example.com", "https://harbor2.example.com");
	expect_change(&c[3], FORM_ACCESS_SECRET, "", "changed");
	expect_change(&c[4], FORM_INSECURE, "no", "yes");
	expect_change(&c[5], FORM_DNS_HOSTS, "a.example.com=10.0.0.1", "a.example.com=10.0.0.1, b.example.com=10.0.0.2");
	for (size_t i = 0; i < n; i++) {
		assert_null(strstr(c[i].old_value, secret));
		assert_null(strstr(c[i].new_value, secret));
		assert_null(strstr(c[i].label, secret));
	}
	form_changes_free(c, n);
	form_free(&f);
}

static void dns_hosts_compare_as_ordered_lists(void **state)
{
	(void)state;
	form f;
	edit_form(&f, "swr-pro");
	assert_int_equal(form_host_add(&f, "b.example.com", "10.0.0.2"), 0);
	assert_true(form_field_dirty(&f, FORM_DNS_HOSTS));
	form_host_remove(&f, 1);
	assert_false(form_field_dirty(&f, FORM_DNS_HOSTS));
	assert_int_equal(form_host_set(&f, 0, "a.example.com", "10.0.0.9"), 0);
	assert_true(form_field_dirty(&f, FORM_DNS_HOSTS));
	form_host_remove(&f, 0);
	form_change *c;
	size_t n = form_changes(&f, &c);
	assert_int_equal(n, 1);
	expect_change(&c[0], FORM_DNS_HOSTS, "a.example.com=10.0.0.1", "");
	form_changes_free(c, n);
	form_free(&f);
}

/* ---- DNS host rows and warnings ---- */

static void dns_host_rows_report_duplicates_and_malformed_entries_by_index(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	assert_int_equal(form_host_add(&f, "a.example.com", "10.0.0.1"), 0);
	assert_int_equal(form_host_add(&f, "A.example.com", "10.0.0.2"), 0);
	assert_int_equal(form_host_add(&f, "bad_domain", "10.0.0.3"), 0);
	assert_int_equal(form_host_add(&f, "c.example.com", "not-an-ip"), 0);
	assert_int_equal(f.nhosts, 4);
	assert_int_equal(f.nerrors, 3);
	assert_null(form_host_problem(&f, 0));
	assert_string_equal(form_host_problem(&f, 1),
	                    "dns_conf.hosts entry 2: the domain \"A.example.com\" is already used by entry 1");
	assert_string_equal(form_host_problem(&f, 2), "dns_conf.hosts entry 3: \"bad_domain\" is not a valid domain name");
	assert_string_equal(form_host_problem(&f, 3),
	                    "dns_conf.hosts entry 4: \"not-an-ip\" is not a valid IPv4 or IPv6 address");
	assert_null(form_host_problem(&f, 4));
	assert_string_equal(form_problem(&f, FORM_DNS_HOSTS, false), form_host_problem(&f, 1));

	assert_int_equal(form_host_set(&f, 1, "b.example.com", "10.0.0.2"), 0);
	assert_null(form_host_problem(&f, 1));
	form_host_remove(&f, 2); /* bad_domain: the next row moves up */
	assert_string_equal(form_host_problem(&f, 2),
	                    "dns_conf.hosts entry 3: \"not-an-ip\" is not a valid IPv4 or IPv6 address");
	assert_int_equal(form_host_set(&f, 2, "c.example.com", "2001:db8::1"), 0);
	assert_int_equal(f.nerrors, 0);
	assert_null(form_problem(&f, FORM_DNS_HOSTS, true));
	assert_int_equal(form_host_set(&f, 3, "d.example.com", "10.0.0.4"), -1);
	assert_int_equal(f.nhosts, 3);
	form_free(&f);
}

static void internal_with_insecure_false_gives_a_warning_not_an_error(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	assert_null(form_warning(&f));
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	type_into(&f, FORM_PROJECT_ID, "proj-1");
	type_into(&f, FORM_REGION_ID, "cn-north-4");
	type_into(&f, FORM_INSTANCE_ID, "inst-1");
	assert_int_equal(f.nerrors, 0);
	assert_string_equal(form_warning(&f), INSECURE_WARNING);
	assert_null(form_problem(&f, FORM_INSECURE, false));
	assert_string_equal(form_problem(&f, FORM_INSECURE, true), INSECURE_WARNING);
	form_toggle_insecure(&f);
	assert_true(f.insecure);
	assert_null(form_warning(&f));
	form_free(&f);
}

/* ---- binding to the request body ---- */

static void expect_body(const form *f, const char *expected)
{
	registry r;
	assert_int_equal(form_to_registry(f, &r), 0);
	char *json = registry_to_json(&r, REGISTRY_JSON_BODY);
	assert_non_null(json);
	assert_string_equal(json, expected);
	secret_free(json);
	registry_free(&r);
}

static void new_swr_pro_form_gives_the_expected_request_body(void **state)
{
	(void)state;
	form f;
	assert_int_equal(form_init(&f, NULL), 0);
	type_into(&f, FORM_NAME, "target-1");
	type_into(&f, FORM_DESCRIPTION, "copy to backup");
	type_into(&f, FORM_URL, "https://registry.example.com:8443");
	type_into(&f, FORM_ACCESS_KEY, "AK123");
	type_into(&f, FORM_ACCESS_SECRET, "SK-secret");
	assert_int_equal(form_host_add(&f, "harbor.example.com", "192.168.0.10"), 0);
	assert_int_equal(f.nerrors, 0);
	expect_body(&f, "{\"name\":\"target-1\",\"description\":\"copy to backup\",\"type\":\"swr-pro\","
	                "\"url\":\"https://registry.example.com:8443\","
	                "\"credential\":{\"type\":\"basic\",\"access_key\":\"AK123\",\"access_secret\":\"SK-secret\"},"
	                "\"dns_conf\":{\"hosts\":{\"harbor.example.com\":\"192.168.0.10\"}},\"insecure\":false}");
	form_free(&f);
}

static void new_swr_pro_form_without_hosts_sends_an_empty_dns_conf(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	expect_body(&f, "{\"name\":\"target-1\",\"description\":\"\",\"type\":\"swr-pro\","
	                "\"url\":\"https://registry.example.com\","
	                "\"credential\":{\"type\":\"basic\",\"access_key\":\"AK123\",\"access_secret\":\"SK-secret\"},"
	                "\"dns_conf\":{\"hosts\":{}},\"insecure\":false}");
	form_free(&f);
}

static void new_internal_form_sends_the_three_ids_after_type(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	form_set_type(&f, REGISTRY_TYPE_SWR_PRO_INTERNAL);
	type_into(&f, FORM_PROJECT_ID, "proj-1");
	type_into(&f, FORM_REGION_ID, "cn-north-4");
	type_into(&f, FORM_INSTANCE_ID, "inst-1");
	form_toggle_insecure(&f);
	expect_body(&f, "{\"name\":\"target-1\",\"description\":\"\",\"type\":\"swr-pro-internal\","
	                "\"project_id\":\"proj-1\",\"region_id\":\"cn-north-4\",\"instance_id\":\"inst-1\","
	                "\"url\":\"https://registry.example.com\","
	                "\"credential\":{\"type\":\"basic\",\"access_key\":\"AK123\",\"access_secret\":\"SK-secret\"},"
	                "\"insecure\":true}");
	/* switched to Basic Edition, the typed ids stay in the form but leave the body */
	form_set_type(&f, REGISTRY_TYPE_HUAWEI_SWR);
	expect_body(&f, "{\"name\":\"target-1\",\"description\":\"\",\"type\":\"huawei-SWR\","
	                "\"url\":\"https://registry.example.com\","
	                "\"credential\":{\"type\":\"basic\",\"access_key\":\"AK123\",\"access_secret\":\"SK-secret\"},"
	                "\"insecure\":true}");
	form_free(&f);
}

static void edit_form_registry_carries_the_id(void **state)
{
	(void)state;
	form f;
	edit_form(&f, "swr-pro");
	registry r;
	assert_int_equal(form_to_registry(&f, &r), 0);
	assert_true(r.has_id);
	assert_int_equal(r.id, 42);
	assert_string_equal(r.name, "backup-target");
	assert_string_equal(r.cred_type, "basic");
	assert_string_equal(r.access_secret, "");
	registry_free(&r);
	form_free(&f);
}


/* ---- validation per field (issue 14) ---- */

/* A key revalidates the field it changed, not the others: a value changed behind the form's back (as
 * no key can) is not looked at until its own field is revalidated. */
static void a_key_revalidates_only_its_own_field(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	assert_int_equal(lineedit_set(form_text(&f, FORM_URL), "ftp://nowhere"), 0); /* no revalidation */
	lineedit_end(form_text(&f, FORM_NAME));
	lineedit_insert_cp(form_text(&f, FORM_NAME), '!');
	assert_int_equal(form_revalidate(&f, FORM_NAME), 1);
	assert_non_null(form_problem(&f, FORM_NAME, false));
	assert_null(form_problem(&f, FORM_URL, false)); /* not revalidated by a key in Name */
	assert_int_equal(form_revalidate(&f, FORM_URL), 2);
	assert_string_equal(form_problem(&f, FORM_URL, false), "url must start with http:// or https://");
	lineedit_backspace(form_text(&f, FORM_NAME)); /* fixed: its message goes, the URL's stays */
	assert_int_equal(form_revalidate(&f, FORM_NAME), 1);
	assert_null(form_problem(&f, FORM_NAME, false));
	assert_non_null(form_problem(&f, FORM_URL, false));
	form_free(&f);
}

/* The type and the checkbox revalidate the fields whose rules depend on them: the three fields of
 * swr-pro-internal and the warning about insecure. */
static void a_type_change_revalidates_the_fields_that_depend_on_it(void **state)
{
	(void)state;
	form f;
	new_valid_form(&f);
	f.type = REGISTRY_TYPE_SWR_PRO_INTERNAL; /* as form_type_step sets it */
	assert_int_equal(form_revalidate(&f, FORM_TYPE), 3);
	assert_non_null(form_problem(&f, FORM_PROJECT_ID, false));
	assert_non_null(form_problem(&f, FORM_INSTANCE_ID, false));
	assert_string_equal(form_warning(&f), INSECURE_WARNING);
	f.insecure = true;
	assert_int_equal(form_revalidate(&f, FORM_INSECURE), 3);
	assert_null(form_warning(&f));
	form_free(&f);
}

/* Whatever keys were typed, revalidating field by field leaves the same problems, in the same order,
 * and the same count as validating the whole form. */
static void revalidating_per_field_equals_validating_the_whole_form(void **state)
{
	(void)state;
	static const form_field_id fields[] = { FORM_NAME, FORM_DESCRIPTION, FORM_URL, FORM_ACCESS_KEY,
		                                FORM_ACCESS_SECRET };
	static const char *const inputs[] = { "a", " ", "\xe4\xb8\xad", "://", "x.example.com", ":99999", "\x01",
		                              "@", "-", "https://h.example.com", "" };
	form f, g;
	assert_int_equal(form_init(&f, NULL), 0);
	unsigned seed = 14;
	for (int step = 0; step < 400; step++) {
		seed = seed * 1103515245u + 12345u;
		form_field_id id = fields[(seed >> 8) % (sizeof fields / sizeof fields[0])];
		lineedit *le = form_text(&f, id);
		unsigned what = (seed >> 16) % 4;
		if (what == 0)
			lineedit_backspace(le);
		else if (what == 1)
			lineedit_kill_to_start(le);
		else {
			const char *in = inputs[(seed >> 20) % (sizeof inputs / sizeof inputs[0])];
			lineedit_insert(le, in, strlen(in));
		}
		size_t n = form_revalidate(&f, id);
		/* the same values in a form validated whole */
		assert_int_equal(form_init(&g, NULL), 0);
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
			assert_int_equal(lineedit_set(form_text(&g, fields[k]), form_text(&f, fields[k])->text), 0);
		assert_int_equal(form_validate(&g), n);
		/* the order may differ between fields, not within one: compare each field's problems */
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++) {
			assert_string_equal(form_problem(&f, fields[k], true) ? form_problem(&f, fields[k], true) : "",
			                    form_problem(&g, fields[k], true) ? form_problem(&g, fields[k], true) : "");
		}
		assert_int_equal(f.problems.count, g.problems.count);
		form_free(&g);
	}
	form_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(descriptors_are_in_display_order_with_labels_kinds_and_fields),
		cmocka_unit_test(new_form_defaults_to_swr_pro_with_focus_on_name),
		cmocka_unit_test(tab_order_for_swr_pro_skips_internal_fields_and_wraps),
		cmocka_unit_test(tab_order_for_huawei_swr_skips_internal_fields_and_wraps),
		cmocka_unit_test(tab_order_for_swr_pro_internal_includes_the_three_ids),
		cmocka_unit_test(shift_tab_goes_back_and_wraps),
		cmocka_unit_test(credential_type_is_visible_read_only_and_never_focused),
		cmocka_unit_test(focusing_a_text_field_puts_its_cursor_at_the_end),
		cmocka_unit_test(hidden_field_is_not_focusable_by_set_focus),
		cmocka_unit_test(type_step_cycles_through_the_three_types_and_wraps),
		cmocka_unit_test(switching_to_internal_shows_three_required_fields_with_errors),
		cmocka_unit_test(hidden_fields_keep_their_values_and_are_restored),
		cmocka_unit_test(hidden_values_are_not_sent_listed_or_dirty),
		cmocka_unit_test(focus_moves_to_type_when_the_focused_field_is_hidden),
		cmocka_unit_test(edit_form_is_prefilled_with_focus_on_name),
		cmocka_unit_test(edit_form_secret_starts_empty_and_required_with_the_reason),
		cmocka_unit_test(new_form_secret_error_says_only_that_it_is_required),
		cmocka_unit_test(edit_form_with_unknown_type_keeps_it_and_reports_it),
		cmocka_unit_test(unchanged_edit_form_is_not_dirty),
		cmocka_unit_test(typing_then_deleting_back_to_the_original_is_not_dirty),
		cmocka_unit_test(typing_a_secret_makes_the_form_dirty),
		cmocka_unit_test(new_form_is_dirty_only_for_entered_or_non_default_values),
		cmocka_unit_test(changes_list_exactly_the_changed_visible_fields_without_the_secret),
		cmocka_unit_test(dns_hosts_compare_as_ordered_lists),
		cmocka_unit_test(dns_host_rows_report_duplicates_and_malformed_entries_by_index),
		cmocka_unit_test(internal_with_insecure_false_gives_a_warning_not_an_error),
		cmocka_unit_test(new_swr_pro_form_gives_the_expected_request_body),
		cmocka_unit_test(new_swr_pro_form_without_hosts_sends_an_empty_dns_conf),
		cmocka_unit_test(new_internal_form_sends_the_three_ids_after_type),
		cmocka_unit_test(edit_form_registry_carries_the_id),
		cmocka_unit_test(a_key_revalidates_only_its_own_field),
		cmocka_unit_test(a_type_change_revalidates_the_fields_that_depend_on_it),
		cmocka_unit_test(revalidating_per_field_equals_validating_the_whole_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
