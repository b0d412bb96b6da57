/* fuzz_response.c — libFuzzer target for the API response decoder: the input is an HTTP response (a status
 * line, header lines up to an empty line, then the body), taken as api_client takes it, then decoded as an
 * error, a registry list and a registry, and recorded and formatted by the request log; a list is also walked
 * as swrtui list walks its pages (listing.c). */
#define _DEFAULT_SOURCE
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fuzz.h"
#include "swrtui/http/http.h"
#include "swrtui/swr/errcat.h"
#include "swrtui/swr/swr.h"
#include "swrtui/model/registry.h"
#include "swrtui/http/reqlog.h"

#define TOKEN "fuzz-request-token-0123456789"

/* The status code of a status line "HTTP/1.1 404 Not Found", or 0. */
static long status_of(const uint8_t *line, size_t n)
{
	if (n < 5 || memcmp(line, "HTTP/", 5) != 0)
		return 0;
	const uint8_t *sp = memchr(line, ' ', n);
	if (!sp)
		return 0;
	long status = 0;
	for (size_t i = (size_t)(sp - line) + 1, k = 0; i < n && k < 3 && line[i] >= '0' && line[i] <= '9'; i++, k++)
		status = status * 10 + (line[i] - '0');
	return status;
}

/* A request as the list call builds it, with a token (which must never enter the log). */
static void build_request(api_request *req)
{
	memset(req, 0, sizeof *req);
	req->method = "GET";
	req->scheme_host = strdup("https://swr-api.cn-north-4.myhuaweicloud.com");
	req->host = strdup("swr-api.cn-north-4.myhuaweicloud.com");
	req->path = strdup("/v2/0a1b2c3d4e5f60718293a4b5c6d7e8f9/instances/8f3e2a1b-1234-4cde-9abc-0123456789ab/"
	                   "registries");
	FUZZ_ASSERT(req->scheme_host && req->host && req->path);
	FUZZ_ASSERT(api_request_add_query(req, "limit", "100") == 0);
	FUZZ_ASSERT(api_request_add_header(req, "Content-Type", "application/json") == 0);
	FUZZ_ASSERT(api_request_add_header(req, "X-Auth-Token", TOKEN) == 0);
}

static void check_registry(const registry *r)
{
	registry_problems p = {0};
	registry_validate(r, &p);
	for (size_t i = 0; i < p.count; i++)
		FUZZ_ASSERT(p.items[i].field && p.items[i].message);
	registry_problems_free(&p);
	/* the service never gives the stored secret back: a masked stand-in is never kept */
	FUZZ_ASSERT(!r->access_secret || !registry_secret_is_placeholder(r->access_secret));
}

static void check_log(const api_request *req, const api_result *res)
{
	reqlog log;
	reqlog_init(&log, 2);
	reqlog_observe(&log, req, res);
	reqlog_observe(&log, req, res); /* a second entry, then one that replaces the oldest */
	reqlog_observe(&log, req, res);
	const reqlog_entry *e = reqlog_get(&log, 0);
	FUZZ_ASSERT(e != NULL && reqlog_get(&log, 2) == NULL);
	FUZZ_ASSERT(e->request_head && !strstr(e->request_head, TOKEN));
	/* what the log shows of the answer is printable text: no control character reaches a terminal */
	char *text = reqlog_format(e);
	FUZZ_ASSERT(text != NULL);
	FUZZ_ASSERT(fuzz_printable_utf8(text, strlen(text), true));
	free(text);
	char *summary = reqlog_summary(e);
	FUZZ_ASSERT(summary != NULL);
	FUZZ_ASSERT(fuzz_printable_utf8(summary, strlen(summary), false));
	free(summary);
	char *gw = reqlog_gateway_canonical(res->error.msg);
	char *diff = reqlog_canonical_diff("GET\n/v2/\n\nhost:h\n\nhost\ne3b0", gw);
	FUZZ_ASSERT(diff != NULL);
	free(diff);
	free(gw);
	reqlog_free(&log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_stream in = {data, size, 0};
	api_result res;
	memset(&res, 0, sizeof res);

	/* the status line, then header lines up to an empty one, each passed with its line end as libcurl
	 * passes it */
	const uint8_t *line;
	size_t n;
	bool first = true;
	while (fuzz_line(&in, &line, &n)) {
		size_t with_end = n + (line + n < data + size ? 1 : 0);
		if (first)
			res.status = status_of(line, n);
		first = false;
		if (n == 0 || (n == 1 && line[0] == '\r'))
			break;
		api_result_add_header_line(&res, (const char *)line, with_end);
	}
	/* the IAM token is kept apart: the header list only ever holds it redacted */
	for (size_t i = 0; i < res.nresp_headers; i++) {
		const char *name = res.resp_headers[i].name;
		FUZZ_ASSERT(name && res.resp_headers[i].value);
		size_t nl = strlen(name);
		while (nl > 0 && (name[nl - 1] == ' ' || name[nl - 1] == '\t'))
			nl--;
		if (nl == 15 && strncasecmp(name, "X-Subject-Token", 15) == 0)
			FUZZ_ASSERT(strcmp(res.resp_headers[i].value, "<redacted>") == 0);
	}

	/* the body, NUL-terminated as api_client keeps it */
	size_t blen = size - in.pos;
	res.body = malloc(blen + 1);
	FUZZ_ASSERT(res.body != NULL);
	memcpy(res.body, data + in.pos, blen);
	res.body[blen] = '\0';
	res.body_len = blen;

	api_error_decode(res.body, res.body_len, &res.error);
	for (size_t i = 0; i < res.error.ndetails; i++)
		FUZZ_ASSERT(res.error.details[i].code || res.error.details[i].msg);
	(void)errcat_hint(res.status, res.error.code, res.error.msg);
	(void)api_result_ok(&res);

	char err[256];
	registry_list list;
	if (registry_list_from_json(res.body, res.body_len, &list, err, sizeof err) == 0) {
		for (size_t i = 0; i < list.count; i++) {
			check_registry(&list.items[i]);
			(void)registry_check_answer(&list.items[i], err, sizeof err);
		}
		/* the same page twice, as swrtui list's walk would see an endless server: it stops or refuses,
		 * saying why in printable text, and never counts past its bounds */
		api_list_walk w = {0};
		for (int page = 0; page < 2; page++) {
			char why[256] = "";
			int step = api_list_walk_page(&w, 100, &list, res.body_len, why, sizeof why);
			FUZZ_ASSERT(step >= -1 && step <= 1);
			FUZZ_ASSERT(w.seen <= API_LIST_MAX_REGISTRIES && w.bytes <= API_LIST_MAX_BYTES);
			if (step != 0) {
				FUZZ_ASSERT(step == 1 || (why[0] && fuzz_printable_utf8(why, strlen(why), false)));
				break;
			}
		}
		registry_list_free(&list);
	} else {
		FUZZ_ASSERT(err[0] != '\0' && list.count == 0 && list.items == NULL);
	}
	registry r;
	if (registry_from_json(res.body, res.body_len, &r, err, sizeof err) == 0) {
		check_registry(&r);
		registry_free(&r);
	} else {
		FUZZ_ASSERT(err[0] != '\0');
	}

	api_request req;
	build_request(&req);
	check_log(&req, &res);
	api_request_free(&req);
	api_result_free(&res);
	return 0;
}
