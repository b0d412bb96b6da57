/* endpoint.h — where a Huawei Cloud service answers in a region: https://<service>.<region>.myhuaweicloud.com,
 * except in eu-west-101, whose domain is myhuaweicloud.eu. The one home of that rule, for SWR, IAM and
 * STS alike. */
#ifndef SWRTUI_AUTH_ENDPOINT_H
#define SWRTUI_AUTH_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>

#define CLOUD_SERVICE_SWR "swr-api"
#define CLOUD_SERVICE_IAM "iam"
#define CLOUD_SERVICE_STS "sts"

/* The regions the SDK knows for SWR (which of them sell Enterprise Edition is not said), in the order
 * offered to choose from; ends with NULL. */
extern const char *const cloud_swr_regions[];

/* True when region looks like a region id: 1 to 64 characters of a-z, 0-9 and '-'. */
bool cloud_region_plausible(const char *region);
/* https://<service>.<region>.myhuaweicloud.com (.eu for eu-west-101). Malloc'd, or NULL when region is
 * not plausible (or out of memory). */
char *cloud_endpoint(const char *service, const char *region);
/* The endpoint a command uses: override when given, else cloud_endpoint(service, region). label names
 * the service in messages ("IAM"), flag and env the override ("--iam-endpoint", "SWRTUI_IAM_ENDPOINT").
 * Malloc'd, or NULL with a message in err. */
char *cloud_endpoint_or_override(const char *service, const char *override, const char *region, const char *label,
                                 const char *flag, const char *env, char *err, size_t errlen);

#endif
