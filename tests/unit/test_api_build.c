/* test_api_build.c — unit tests of the request builders (swr/registries.c) through a client made with
 * swr_client_new(): paths, encoding of the project and instance, list query order and rules, the
 * authentication step, and the create/update body. Building a request uses no network. */
#define _DEFAULT_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "swrtui/auth/auth.h"
#include "swrtui/http/http.h"
#include "swrtui/swr/swr.h"
#include "swrtui/model/registry.h"

#define assert_contains(hay, needle)                                                                    \
	do {                                                                                            \
		const char *hay_ = (hay), *needle_ = (needle);                                          \
		if (!hay_ || !strstr(hay_, needle_))                                                    \
			fail_msg("expected \"%s\" to contain \"%s\"", hay_ ? hay_ : "(null)", needle_); \
	} while (0)

#define ENDPOINT "http://127.0.0.1:1"
#define TOKEN "MIIEtoken-for-tests"
#define BASE ENDPOINT "/v2/proj-1/instances/inst-1"

static char err[512];

typedef struct {
	api_auth auth;
	api_client *client;
} fixture;

static api_client *new_client(const char *endpoint, const char *project, const char *instance, const api_auth *auth)
{
	api_config cfg;
	memset(&cfg, 0, sizeof cfg);
	cfg.endpoint = endpoint;
	cfg.authenticator = api_auth_authenticator(auth);
	err[0] = '\0';
	api_client *c = swr_client_new(&cfg, project, instance, err, sizeof err);
	if (!c)
		fail_msg("expected a client for %s, got: %s", endpoint, err);
	return c;
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	if (!f)
		return -1;
	f->auth.kind = API_AUTH_TOKEN;
	f->auth.token = strdup(TOKEN);
	f->auth.source = strdup("test");
	f->client = new_client(ENDPOINT, "proj-1", "inst-1", &f->auth);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	api_client_free(f->client);
	api_auth_free(&f->auth);
	free(f);
	return 0;
}

static void expect_url(const api_request *req, const char *expected)
{
	char *url = api_request_url(req);
	assert_non_null(url);
	assert_string_equal(url, expected);
	free(url);
}

static void fill_registry(registry *r)
{
	registry_init(r);
	assert_int_equal(registry_set(&r->name, "harbor-bj"), 0);
	assert_int_equal(registry_set(&r->description, "target in Beijing"), 0);
	assert_int_equal(registry_set(&r->type, "swr-pro"), 0);
	assert_int_equal(registry_set(&r->url, "https://harbor.example.com"), 0);
	assert_int_equal(registry_set(&r->cred_type, "basic"), 0);
	assert_int_equal(registry_set(&r->access_key, "admin"), 0);
	assert_int_equal(registry_set(&r->access_secret, "Harbor12345"), 0);
	assert_int_equal(registry_add_host(r, "harbor.example.com", "192.0.2.10"), 0);
	r->insecure = false;
}

/* ---- the client ---- */

static void test_client_refuses_endpoints_that_are_not_http_urls(void **state)
{
	(void)state;
	const char *bad[] = {"ftp://swr.example.com", "https://swr.example.com/?x=1", "", "not a url"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		api_config cfg;
		memset(&cfg, 0, sizeof cfg);
		cfg.endpoint = bad[i];
		err[0] = '\0';
		api_client *c = swr_client_new(&cfg, "p", "i", err, sizeof err);
		if (c) {
			api_client_free(c);
			fail_msg("expected endpoint \"%s\" to be refused", bad[i]);
		}
		assert_true(err[0] != '\0');
	}
}

/* ---- list ---- */

static void test_list_defaults_ask_for_the_first_page_of_100(void **state)
{
	fixture *f = *state;
	api_request req;
	assert_int_equal(api_build_list(f->client, NULL, &req, err, sizeof err), 0);
	assert_string_equal(req.method, "GET");
	assert_string_equal(req.path, "/v2/proj-1/instances/inst-1/registries");
	expect_url(&req, BASE "/registries?offset=0&limit=100");
	assert_null(req.body);
	api_request_free(&req);
}

static void test_list_query_order_is_name_type_order_column_order_type_offset_limit(void **state)
{
	fixture *f = *state;
	api_list_params p = {.name = "my reg", .type = "swr-pro", .order_column = "name", .order_type = "desc",
	                     .offset = 20, .limit = 10};
	api_request req;
	assert_int_equal(api_build_list(f->client, &p, &req, err, sizeof err), 0);
	assert_int_equal(req.nquery, 6);
	const char *names[] = {"name", "type", "order_column", "order_type", "offset", "limit"};
	const char *values[] = {"my reg", "swr-pro", "name", "desc", "20", "10"};
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(req.query[i].name, names[i]);
		assert_string_equal(req.query[i].value, values[i]);
	}
	expect_url(&req, BASE "/registries?name=my%20reg&type=swr-pro&order_column=name&order_type=desc&offset=20&limit=10");
	api_request_free(&req);
}

static void test_list_empty_filters_are_left_out(void **state)
{
	fixture *f = *state;
	api_list_params p = {.name = "", .type = "", .order_column = "created_at", .limit = 50, .offset = 100};
	api_request req;
	assert_int_equal(api_build_list(f->client, &p, &req, err, sizeof err), 0);
	expect_url(&req, BASE "/registries?order_column=created_at&offset=100&limit=50");
	api_request_free(&req);
}

static void test_list_offset_not_a_multiple_of_limit_is_an_error(void **state)
{
	fixture *f = *state;
	api_request req;
	api_list_params p = {.offset = 15, .limit = 10};
	assert_int_equal(api_build_list(f->client, &p, &req, err, sizeof err), -1);
	assert_contains(err, "multiple");
	api_list_params p2 = {.offset = 50}; /* limit 0 means 100 */
	assert_int_equal(api_build_list(f->client, &p2, &req, err, sizeof err), -1);
	assert_contains(err, "100");
	api_list_params p3 = {.offset = -10, .limit = 10};
	assert_int_equal(api_build_list(f->client, &p3, &req, err, sizeof err), -1);
}

static void test_list_limit_over_100_is_an_error(void **state)
{
	fixture *f = *state;
	api_request req;
	api_list_params p = {.limit = 101};
	assert_int_equal(api_build_list(f->client, &p, &req, err, sizeof err), -1);
	assert_contains(err, "100");
	/* 100 itself is fine */
	api_list_params ok = {.limit = 100, .offset = 300};
	assert_int_equal(api_build_list(f->client, &ok, &req, err, sizeof err), 0);
	expect_url(&req, BASE "/registries?offset=300&limit=100");
	api_request_free(&req);
}

static void test_list_order_type_without_order_column_is_an_error(void **state)
{
	fixture *f = *state;
	api_request req;
	api_list_params p = {.order_type = "asc"};
	assert_int_equal(api_build_list(f->client, &p, &req, err, sizeof err), -1);
	assert_contains(err, "order_column");
}

/* ---- paths and the project / instance ---- */

static void test_show_path_carries_the_registry_id(void **state)
{
	fixture *f = *state;
	api_request req;
	assert_int_equal(api_build_show(f->client, 7, &req, err, sizeof err), 0);
	assert_string_equal(req.method, "GET");
	assert_string_equal(req.path, "/v2/proj-1/instances/inst-1/registries/7");
	expect_url(&req, BASE "/registries/7");
	assert_int_equal(req.nquery, 0);
	assert_null(req.body);
	api_request_free(&req);
}

static void test_delete_path_and_method(void **state)
{
	fixture *f = *state;
	api_request req;
	assert_int_equal(api_build_delete(f->client, 123456789012LL, &req, err, sizeof err), 0);
	assert_string_equal(req.method, "DELETE");
	assert_string_equal(req.path, "/v2/proj-1/instances/inst-1/registries/123456789012");
	assert_null(req.body);
	api_request_free(&req);
}

static void test_negative_registry_id_is_an_error(void **state)
{
	fixture *f = *state;
	api_request req;
	assert_int_equal(api_build_show(f->client, -1, &req, err, sizeof err), -1);
	assert_int_equal(api_build_delete(f->client, -5, &req, err, sizeof err), -1);
	registry r;
	fill_registry(&r);
	assert_int_equal(api_build_update(f->client, -2, &r, &req, err, sizeof err), -1);
	registry_free(&r);
}

/* "." and ".." would be removed from the path by URL normalisation (libcurl does it), and '/', '%'
 * and the like would change it: such a project or instance is refused before anything is built. */
static void test_project_and_instance_that_would_change_the_path_are_refused(void **state)
{
	(void)state;
	api_auth auth = {.kind = API_AUTH_TOKEN, .token = TOKEN};
	const char *bad[] = {".", "..", "p/1 x", "i?#%", "a.b", "%2e%2e", "p\\q",
	                     "0123456789012345678901234567890123456789012345678901234567890123x"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		for (int which = 0; which < 2; which++) {
			api_client *c = new_client(ENDPOINT, which ? "proj-1" : bad[i], which ? bad[i] : "inst-1", &auth);
			api_request req;
			err[0] = '\0';
			if (api_build_show(c, 3, &req, err, sizeof err) == 0) {
				char *url = api_request_url(&req);
				fail_msg("expected %s \"%s\" to be refused, got a request for %s", which ? "instance" : "project",
				         bad[i], url ? url : "?");
			}
			assert_contains(err, which ? "is not an instance ID" : "is not a project ID");
			assert_int_equal(api_build_list(c, NULL, &req, err, sizeof err), -1);
			api_client_free(c);
		}
	}
	/* the real shapes: 32 hex digits, a UUID; and the liberal rule's edges */
	const char *good[][2] = {{"0a1b2c3d4e5f60718293a4b5c6d7e8f9", "8f3e2a1b-1234-4cde-9abc-0123456789ab"},
	                         {"P", "0123456789012345678901234567890123456789012345678901234567890123"}};
	for (size_t i = 0; i < 2; i++) {
		api_client *c = new_client(ENDPOINT, good[i][0], good[i][1], &auth);
		api_request req;
		assert_int_equal(api_build_show(c, 3, &req, err, sizeof err), 0);
		assert_contains(req.path, good[i][1]);
		api_request_free(&req);
		api_client_free(c);
	}
}

/* The message quotes a short plain value and never a long one (it may be a pasted secret). */
static void test_an_id_message_never_quotes_a_long_value(void **state)
{
	(void)state;
	char why[256];
	assert_false(swr_id_valid("..", "a project", why, sizeof why));
	assert_contains(why, "\"..\" is not a project ID");
	char longer[200];
	memset(longer, 'S', sizeof longer - 1);
	longer[sizeof longer - 1] = '\0';
	longer[10] = '.';
	assert_false(swr_id_valid(longer, "an instance", why, sizeof why));
	assert_contains(why, "a value of 199 bytes is not an instance ID");
	assert_null(strstr(why, "SSSSSSSS"));
	assert_false(swr_id_valid("", "a project", why, sizeof why));
	assert_false(swr_id_valid(NULL, "a project", why, sizeof why));
	assert_true(swr_id_valid("0a1b2c3d4e5f60718293a4b5c6d7e8f9", "a project", why, sizeof why));
}

static void test_endpoint_path_prefix_is_kept_before_v2(void **state)
{
	(void)state;
	api_auth auth = {.kind = API_AUTH_TOKEN, .token = TOKEN};
	api_client *c = new_client("http://127.0.0.1:1/swr/", "p", "i", &auth);
	api_request req;
	assert_int_equal(api_build_show(c, 1, &req, err, sizeof err), 0);
	assert_string_equal(req.scheme_host, "http://127.0.0.1:1");
	assert_string_equal(req.path, "/swr/v2/p/instances/i/registries/1");
	api_request_free(&req);
	api_client_free(c);
}

static void test_host_is_sent_as_given_without_default_port(void **state)
{
	(void)state;
	api_auth auth = {.kind = API_AUTH_TOKEN, .token = TOKEN};
	api_client *c = new_client("https://swr-api.cn-north-4.myhuaweicloud.com", "p", "i", &auth);
	api_request req;
	assert_int_equal(api_build_show(c, 1, &req, err, sizeof err), 0);
	assert_string_equal(req.host, "swr-api.cn-north-4.myhuaweicloud.com");
	assert_string_equal(req.scheme_host, "https://swr-api.cn-north-4.myhuaweicloud.com");
	api_request_free(&req);
	api_client_free(c);
	c = new_client(ENDPOINT, "p", "i", &auth);
	assert_int_equal(api_build_show(c, 1, &req, err, sizeof err), 0);
	assert_string_equal(req.host, "127.0.0.1:1");
	api_request_free(&req);
	api_client_free(c);
}

static void test_missing_project_is_an_error(void **state)
{
	(void)state;
	api_auth auth = {.kind = API_AUTH_TOKEN, .token = TOKEN};
	api_client *c = new_client(ENDPOINT, NULL, "i", &auth);
	api_request req;
	assert_int_equal(api_build_list(c, NULL, &req, err, sizeof err), -1);
	assert_contains(err, "project");
	assert_int_equal(api_build_show(c, 1, &req, err, sizeof err), -1);
	assert_contains(err, "project");
	api_client_free(c);
	c = new_client(ENDPOINT, "", "i", &auth);
	assert_int_equal(api_build_delete(c, 1, &req, err, sizeof err), -1);
	assert_contains(err, "--project-id");
	api_client_free(c);
}

static void other_context_free(void *ctx)
{
	free(ctx);
}

/* The project and instance live with the swr layer (the client's context), not in http's config: a
 * plain http client names none, a context of another layer is not taken for them, and setting them
 * again replaces them. */
static void test_the_project_and_instance_are_the_swr_layer_s(void **state)
{
	(void)state;
	api_auth auth = {.kind = API_AUTH_TOKEN, .token = TOKEN};
	api_config cfg = {.endpoint = ENDPOINT, .authenticator = api_auth_authenticator(&auth)};
	api_client *c = api_client_new(&cfg, err, sizeof err);
	assert_non_null(c);
	assert_null(swr_client_project(c));
	api_request req;
	assert_int_equal(api_build_show(c, 1, &req, err, sizeof err), -1);
	assert_contains(err, "no project ID");
	api_client_set_context(c, strdup("not swr's"), other_context_free);
	assert_null(swr_client_instance(c));
	assert_non_null(api_client_context(c, other_context_free));
	assert_int_equal(swr_client_set_target(c, "p-1", "i-1"), 0);
	assert_null(api_client_context(c, other_context_free));
	assert_int_equal(swr_client_set_target(c, "p-2", "i-2"), 0);
	assert_string_equal(swr_client_project(c), "p-2");
	assert_int_equal(api_build_show(c, 1, &req, err, sizeof err), 0);
	assert_string_equal(req.path, "/v2/p-2/instances/i-2/registries/1");
	api_request_free(&req);
	api_client_free(c);
}

static void test_missing_instance_is_an_error(void **state)
{
	(void)state;
	api_auth auth = {.kind = API_AUTH_TOKEN, .token = TOKEN};
	api_client *c = new_client(ENDPOINT, "p", NULL, &auth);
	api_request req;
	assert_int_equal(api_build_list(c, NULL, &req, err, sizeof err), -1);
	assert_contains(err, "instance");
	registry r;
	fill_registry(&r);
	assert_int_equal(api_build_create(c, &r, &req, err, sizeof err), -1);
	assert_contains(err, "--instance-id");
	registry_free(&r);
	api_client_free(c);
}

/* ---- the authentication step ---- */

static void test_token_is_added_as_x_auth_token(void **state)
{
	fixture *f = *state;
	api_request req;
	assert_int_equal(api_build_list(f->client, NULL, &req, err, sizeof err), 0);
	assert_string_equal(api_request_header(&req, "X-Auth-Token"), TOKEN);
	assert_string_equal(api_request_header(&req, "Content-Type"), "application/json");
	api_request_free(&req);
	assert_int_equal(api_build_delete(f->client, 9, &req, err, sizeof err), 0);
	assert_string_equal(api_request_header(&req, "x-auth-token"), TOKEN);
	api_request_free(&req);
}

static void test_no_credential_is_an_error(void **state)
{
	(void)state;
	api_request req;
	api_client *c = new_client(ENDPOINT, "p", "i", NULL);
	assert_int_equal(api_build_list(c, NULL, &req, err, sizeof err), -1);
	assert_contains(err, "no credential");
	assert_contains(err, "SWRTUI_TOKEN");
	/* the half-built request was released */
	assert_null(req.path);
	assert_null(req.headers);
	api_client_free(c);

	api_auth none = {.kind = API_AUTH_NONE};
	c = new_client(ENDPOINT, "p", "i", &none);
	assert_int_equal(api_build_show(c, 1, &req, err, sizeof err), -1);
	assert_contains(err, "no credential");
	api_client_free(c);
}

static void test_empty_token_is_an_error(void **state)
{
	(void)state;
	api_auth auth = {.kind = API_AUTH_TOKEN, .token = ""};
	api_client *c = new_client(ENDPOINT, "p", "i", &auth);
	api_request req;
	assert_int_equal(api_build_show(c, 1, &req, err, sizeof err), -1);
	assert_contains(err, "empty");
	api_client_free(c);
}

/* ---- create and update bodies ---- */

static void test_update_is_put_with_the_registry_body(void **state)
{
	fixture *f = *state;
	registry r;
	fill_registry(&r);
	char *want = registry_to_json(&r, REGISTRY_JSON_BODY);
	assert_non_null(want);
	api_request req;
	assert_int_equal(api_build_update(f->client, 42, &r, &req, err, sizeof err), 0);
	assert_string_equal(req.method, "PUT");
	assert_string_equal(req.path, "/v2/proj-1/instances/inst-1/registries/42");
	assert_non_null(req.body);
	assert_int_equal(req.body_len, strlen(want));
	assert_memory_equal(req.body, want, req.body_len);
	assert_string_equal(api_request_header(&req, "X-Auth-Token"), TOKEN);
	/* the body really holds the secret (PUT is a full replacement) */
	assert_contains(req.body, "Harbor12345");
	api_request_free(&req);
	free(want);
	registry_free(&r);
}

static void test_create_is_post_with_the_registry_body(void **state)
{
	fixture *f = *state;
	registry r;
	fill_registry(&r);
	char *want = registry_to_json(&r, REGISTRY_JSON_BODY);
	assert_non_null(want);
	api_request req;
	assert_int_equal(api_build_create(f->client, &r, &req, err, sizeof err), 0);
	assert_string_equal(req.method, "POST");
	assert_string_equal(req.path, "/v2/proj-1/instances/inst-1/registries");
	expect_url(&req, BASE "/registries");
	assert_int_equal(req.body_len, strlen(want));
	assert_memory_equal(req.body, want, req.body_len);
	assert_string_equal(api_request_header(&req, "Content-Type"), "application/json");
	api_request_free(&req);
	free(want);
	registry_free(&r);
}

static void test_redacted_update_hides_token_and_access_secret(void **state)
{
	fixture *f = *state;
	registry r;
	fill_registry(&r);
	api_request req;
	assert_int_equal(api_build_update(f->client, 42, &r, &req, err, sizeof err), 0);
	char *out = api_request_format(&req, API_FORMAT_REDACT);
	assert_non_null(out);
	if (strstr(out, TOKEN) || strstr(out, "Harbor12345"))
		fail_msg("the redacted request shows a secret:\n%s", out);
	assert_contains(out, "PUT " BASE "/registries/42\n");
	assert_contains(out, "X-Auth-Token: <redacted>\n");
	assert_contains(out, "\"access_secret\":\"<redacted>\"");
	assert_contains(out, "\"access_key\":\"admin\"");
	free(out);
	api_request_free(&req);
	registry_free(&r);
}

/* ---- policies ---- */

static void test_policies_of_a_registry(void **state)
{
	fixture *f = *state;
	api_request req;
	assert_int_equal(api_build_policies(f->client, 3, &req, err, sizeof err), 0);
	assert_string_equal(req.method, "GET");
	expect_url(&req, BASE "/replication/policies?registry_id=3&offset=0&limit=100");
	assert_string_equal(api_request_header(&req, "X-Auth-Token"), TOKEN);
	api_request_free(&req);
}

/* ---- the bounds of a listing (listing.c) ---- */

static int walk(api_list_walk *w, size_t count, long long total, bool has_total, char *why)
{
	registry_list page = {.items = NULL, .count = count, .total = total, .has_total = has_total};
	why[0] = '\0';
	return api_list_walk_page(w, 100, &page, 1000, why, 256);
}

static void test_a_listing_stops_at_a_short_page_or_the_total(void **state)
{
	(void)state;
	char why[256];
	api_list_walk w = {0};
	assert_int_equal(walk(&w, 100, 250, true, why), 0);
	assert_int_equal(walk(&w, 100, 250, true, why), 0);
	assert_int_equal(walk(&w, 50, 250, true, why), 1);
	assert_int_equal(w.seen, 250);
	assert_int_equal(w.pages, 3);
	memset(&w, 0, sizeof w);
	assert_int_equal(walk(&w, 100, 200, true, why), 0);
	assert_int_equal(walk(&w, 100, 200, true, why), 1); /* the total reached with a full page */
	memset(&w, 0, sizeof w);
	assert_int_equal(walk(&w, 0, 0, true, why), 1);
	memset(&w, 0, sizeof w);
	assert_int_equal(walk(&w, 100, 0, false, why), 0); /* no total: on to a short page */
	assert_int_equal(walk(&w, 7, 0, false, why), 1);
}

static void test_a_listing_refuses_pages_that_contradict_each_other_or_its_bounds(void **state)
{
	(void)state;
	char why[256];
	api_list_walk w = {0};
	assert_int_equal(walk(&w, 100, 1000000000000000LL, true, why), -1);
	assert_contains(why, "its total is 1000000000000000 registries, more than the 10000 swrtui lists");
	memset(&w, 0, sizeof w);
	assert_int_equal(walk(&w, 101, 101, true, why), -1);
	assert_contains(why, "holds 101 registries, more than the 100 asked for");
	memset(&w, 0, sizeof w);
	assert_int_equal(walk(&w, 100, 300, true, why), 0);
	assert_int_equal(walk(&w, 100, 301, true, why), -1);
	assert_contains(why, "the total changed from 300 to 301 at page 2");
	memset(&w, 0, sizeof w);
	assert_int_equal(walk(&w, 100, 99, true, why), -1);
	assert_contains(why, "more registries (100 so far) than their total of 99");
	memset(&w, 0, sizeof w);
	assert_int_equal(walk(&w, 100, 300, true, why), 0);
	assert_int_equal(walk(&w, 99, 300, true, why), -1);
	assert_contains(why, "the page at offset 100 holds 99 registries, but the total of 300 says more follow");
	memset(&w, 0, sizeof w);
	assert_int_equal(walk(&w, 100, 300, true, why), 0);
	assert_int_equal(walk(&w, 100, 0, false, why), -1);
	assert_contains(why, "one says a total and another does not");
	/* no total: full pages up to the cap, then refused */
	memset(&w, 0, sizeof w);
	for (int i = 0; i < API_LIST_MAX_REGISTRIES / 100; i++)
		assert_int_equal(walk(&w, 100, 0, false, why), 0);
	assert_int_equal(walk(&w, 100, 0, false, why), -1);
	assert_contains(why, "its pages hold more than 10000 registries");
	/* the bytes of the answers */
	memset(&w, 0, sizeof w);
	registry_list page = {.count = 100, .total = 10000, .has_total = true};
	assert_int_equal(api_list_walk_page(&w, 100, &page, API_LIST_MAX_BYTES / 2, why, sizeof why), 0);
	assert_int_equal(api_list_walk_page(&w, 100, &page, API_LIST_MAX_BYTES / 2 + 1, why, sizeof why), -1);
	assert_contains(why, "its answers exceed 32 MiB in all (2 pages)");
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_client_refuses_endpoints_that_are_not_http_urls),
		T(test_list_defaults_ask_for_the_first_page_of_100),
		T(test_list_query_order_is_name_type_order_column_order_type_offset_limit),
		T(test_list_empty_filters_are_left_out),
		T(test_list_offset_not_a_multiple_of_limit_is_an_error),
		T(test_list_limit_over_100_is_an_error),
		T(test_list_order_type_without_order_column_is_an_error),
		T(test_show_path_carries_the_registry_id),
		T(test_delete_path_and_method),
		T(test_negative_registry_id_is_an_error),
		cmocka_unit_test(test_project_and_instance_that_would_change_the_path_are_refused),
		cmocka_unit_test(test_an_id_message_never_quotes_a_long_value),
		cmocka_unit_test(test_a_listing_stops_at_a_short_page_or_the_total),
		cmocka_unit_test(test_a_listing_refuses_pages_that_contradict_each_other_or_its_bounds),
		cmocka_unit_test(test_endpoint_path_prefix_is_kept_before_v2),
		cmocka_unit_test(test_host_is_sent_as_given_without_default_port),
		cmocka_unit_test(test_missing_project_is_an_error),
		cmocka_unit_test(test_the_project_and_instance_are_the_swr_layer_s),
		cmocka_unit_test(test_missing_instance_is_an_error),
		T(test_token_is_added_as_x_auth_token),
		cmocka_unit_test(test_no_credential_is_an_error),
		cmocka_unit_test(test_empty_token_is_an_error),
		T(test_update_is_put_with_the_registry_body),
		T(test_create_is_post_with_the_registry_body),
		T(test_redacted_update_hides_token_and_access_secret),
		T(test_policies_of_a_registry),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}
