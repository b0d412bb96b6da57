/* endpoint.c — region to service endpoint; see endpoint.h. */
#define _DEFAULT_SOURCE
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "swrtui/auth/endpoint.h"
#include "swrtui/base/buf.h"

const char *const cloud_swr_regions[] = {
    "cn-north-4",     "cn-north-1",     "cn-north-2",     "cn-north-9",     "cn-east-3",      "cn-east-2",
    "cn-south-1",     "cn-south-2",     "cn-southwest-2", "ap-southeast-1", "ap-southeast-2", "ap-southeast-3",
    "af-south-1",     "ru-northwest-2", "la-south-2",     "la-north-2",     "sa-brazil-1",    "na-mexico-1",
    "tr-west-1",      "ae-ad-1",        "eu-west-101",    NULL,
};

bool cloud_region_plausible(const char *region)
{
	if (!region || !*region || strlen(region) > 64)
		return false;
	for (const char *p = region; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '-'))
			return false;
	return true;
}

char *cloud_endpoint(const char *service, const char *region)
{
	if (!service || !*service || !cloud_region_plausible(region))
		return NULL;
	buf b;
	buf_init(&b);
	buf_printf(&b, "https://%s.%s.myhuaweicloud.%s", service, region,
	           strcmp(region, "eu-west-101") == 0 ? "eu" : "com");
	return buf_take(&b);
}

char *cloud_endpoint_or_override(const char *service, const char *override, const char *region, const char *label,
                                 const char *flag, const char *env, char *err, size_t errlen)
{
	char *ep = NULL;
	if (override && *override) {
		ep = strdup(override);
	} else if (!region || !*region) {
		snprintf(err, errlen, "no %s endpoint: use %s URL (or %s), or set the region with --region REGION", label,
		         flag, env);
		return NULL;
	} else if (!cloud_region_plausible(region)) {
		snprintf(err, errlen, "\"%.64s\" is not a region id (such as cn-north-4); use %s URL", region, flag);
		return NULL;
	} else {
		ep = cloud_endpoint(service, region);
	}
	if (!ep)
		snprintf(err, errlen, "out of memory");
	return ep;
}
