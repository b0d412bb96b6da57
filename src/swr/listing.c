/* listing.c — every page of the registry list, bounded: one timeout for all the pages, at most
 * API_LIST_MAX_REGISTRIES registries and API_LIST_MAX_BYTES of answers, and pages that must agree with
 * each other (a server answering every page in full with "total": 1e15 is refused at its first page,
 * not followed for ever). */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "swrtui/swr/swr.h"

#define NARROW "narrow the list with --name or --type"

__attribute__((format(printf, 3, 4))) static int walk_fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -1;
}

/* The total of this page against the pages before it. */
static int check_total(api_list_walk *w, const registry_list *page, char *why, size_t whylen)
{
	if (w->pages > 0 && (page->has_total != w->has_total || (page->has_total && page->total != w->total))) {
		if (!page->has_total || !w->has_total)
			return walk_fail(why, whylen, "its pages disagree: one says a total and another does not (page %zu)",
			                 w->pages + 1);
		return walk_fail(why, whylen, "the total changed from %lld to %lld at page %zu (the list changed "
		                              "meanwhile, or the answers are wrong): run the command again",
		                 w->total, page->total, w->pages + 1);
	}
	if (page->has_total && page->total > API_LIST_MAX_REGISTRIES)
		return walk_fail(why, whylen, "its total is %lld registries, more than the %d swrtui lists: " NARROW,
		                 page->total, API_LIST_MAX_REGISTRIES);
	w->total = page->total;
	w->has_total = page->has_total;
	return 0;
}

int api_list_walk_page(api_list_walk *w, long limit, const registry_list *page, size_t body_len, char *why,
                       size_t whylen)
{
	long long offset = (long long)w->seen, n = (long long)page->count;
	if (n > limit)
		return walk_fail(why, whylen, "the page at offset %lld holds %lld registries, more than the %ld asked for",
		                 offset, n, limit);
	if (check_total(w, page, why, whylen) != 0)
		return -1;
	if (w->has_total && offset + n > w->total)
		return walk_fail(why, whylen, "the pages hold more registries (%lld so far) than their total of %lld",
		                 offset + n, w->total);
	if (w->has_total && n < limit && offset + n < w->total)
		return walk_fail(why, whylen, "the page at offset %lld holds %lld registries, but the total of %lld "
		                              "says more follow",
		                 offset, n, w->total);
	if (offset + n > API_LIST_MAX_REGISTRIES)
		return walk_fail(why, whylen, "its pages hold more than %d registries: " NARROW, API_LIST_MAX_REGISTRIES);
	if (w->bytes + body_len > API_LIST_MAX_BYTES)
		return walk_fail(why, whylen, "its answers exceed %zu MiB in all (%zu pages): " NARROW,
		                 API_LIST_MAX_BYTES >> 20, w->pages + 1);
	w->pages++;
	w->seen += page->count;
	w->bytes += body_len;
	return n < limit || (w->has_total && (long long)w->seen >= w->total) ? 1 : 0;
}

static long long monotonic_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* res becomes a failure of the listing as a whole: kind, and a message. */
static int listing_failed(api_result *res, api_transport kind, const char *msg)
{
	api_result_free(res);
	memset(res, 0, sizeof *res);
	res->transport = kind;
	res->transport_msg = strdup(msg);
	return -1;
}

/* A page's answer that the walk refused: a malformed answer (transport OK, its 2xx status kept). */
static int pages_disagree(api_result *res, const char *why)
{
	size_t n = strlen(why) + 64;
	char *msg = malloc(n);
	if (msg)
		snprintf(msg, n, "the service answered %ld but %s", res->status, why);
	free(res->transport_msg);
	res->transport_msg = msg;
	return -1;
}

int api_list_all_registries(api_client *c, const api_list_params *p, long timeout_ms, api_list_page_fn each,
                            void *ctx, api_result *res, api_list_walk *w)
{
	api_list_params q = *p;
	q.offset = 0;
	q.limit = 100;
	memset(w, 0, sizeof *w);
	memset(res, 0, sizeof *res);
	long own = api_client_timeout(c);
	long budget = timeout_ms > 0 ? timeout_ms : own;
	long long deadline = monotonic_ms() + budget;
	int rc;
	for (;;) {
		long long left = deadline - monotonic_ms();
		if (left <= 0) {
			char msg[160];
			snprintf(msg, sizeof msg,
			         "the listing did not end within the timeout of %.1f s (%zu pages, %zu registries received)",
			         (double)budget / 1000.0, w->pages, w->seen);
			rc = listing_failed(res, API_TRANSPORT_TIMEOUT, msg);
			break;
		}
		api_client_set_timeout(c, left < own ? (long)left : own);
		registry_list page;
		api_result_free(res);
		if (api_list_registries(c, &q, res, &page) != 0) {
			rc = -1;
			if (res->transport == API_TRANSPORT_TIMEOUT && left < own) {
				char msg[200];
				snprintf(msg, sizeof msg, "the listing did not end within the timeout of %.1f s (%zu pages, %zu "
				         "registries received; the next page did not come in the %.1f s left)",
				         (double)budget / 1000.0, w->pages, w->seen, (double)left / 1000.0);
				rc = listing_failed(res, API_TRANSPORT_TIMEOUT, msg);
			}
			break;
		}
		char why[256];
		int step = api_list_walk_page(w, q.limit, &page, res->body_len, why, sizeof why);
		if (step >= 0 && each && each(ctx, &page, res) != 0)
			step = -2;
		registry_list_free(&page);
		if (step == -1) {
			rc = pages_disagree(res, why);
			break;
		}
		if (step == -2) {
			rc = listing_failed(res, API_TRANSPORT_OTHER, "out of memory");
			break;
		}
		if (step == 1) {
			rc = 0;
			break;
		}
		q.offset += q.limit;
	}
	api_client_set_timeout(c, own);
	return rc;
}
