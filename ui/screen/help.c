/* help.c — the F1 text of every screen: its keys, then the keys every screen shares. */
#include "screen.h"

#define HELP_COMMON                                                                                        \
	"  F1           this help\n"                                                                        \
	"  Ctrl-L       redraw\n"                                                                           \
	"  Ctrl-C       quit at once\n"

const char ui_help_list[] =
    "Registry list\n"
    "\n"
    "  Up, Down, j, k   move\n"
    "  PgUp, PgDn       a page\n"
    "  Home, End, g, G  the first, the last\n"
    "  Enter        edit the selected registry\n"
    "  n            create a new registry\n"
    "  d, Delete    delete the selected registry (asks first, naming the policies that use it;\n"
    "               Enter alone answers No: press y)\n"
    "  p            the replication impact panel: the policies that use the registry, their last\n"
    "               runs (failed ones marked !), their runs, and r to run one again\n"
    "  /            filter by name (the service's name parameter); an empty filter shows all\n"
    "  r, F5        refresh\n"
    "  Space        mark or unmark the selected registry (* on its row, the count in the title;\n"
    "               ! when its last rotation failed)\n"
    "  R            rotate the credential of the marked registries: a new access key and/or\n"
    "               secret, entered once, then each registry updated in turn\n"
    "  u            unmark all\n"
    "  i            another instance (or region): the instance picker\n"
    "  F4, L        the request log (the last requests, secrets redacted)\n"
    "  Esc          clear the filter; without a filter, quit\n"
    "  q, F10       quit\n" HELP_COMMON;

const char ui_help_picker[] =
    "Instance picker\n"
    "\n"
    "The SWR Enterprise Edition instances of the project: name, status, spec, version and access\n"
    "address. The registry list opens on the one chosen.\n"
    "\n"
    "  Up, Down     move\n"
    "  PgUp, PgDn   a page\n"
    "  Home, End    the first, the last\n"
    "  Enter        open the instance's registries\n"
    "  g            another region (its project is found again)\n"
    "  r, F5        list again\n"
    "  F4, L        the request log\n"
    "  Esc, q, F10  go back (at start: quit)\n" HELP_COMMON;

const char ui_help_region[] =
    "Region\n"
    "\n"
    "The regions known for SWR; the last row asks for another one by its id (such as cn-north-4).\n"
    "\n"
    "  Up, Down, PgUp, PgDn, Home, End   move\n"
    "  Enter        choose\n"
    "  Esc, q, F10  go back\n" HELP_COMMON;

const char ui_help_edit[] =
    "Edit form\n"
    "\n"
    "  Tab, Down          next field\n"
    "  Shift-Tab, Up      previous field\n"
    "  Enter              next field (never saves)\n"
    "  typing             edits the focused text field (the cursor starts at the end)\n"
    "  Left, Right, Space on Type        change the type\n"
    "  Space on Skip certificate verification   toggle it\n"
    "  Enter on DNS hosts                open the DNS hosts editor\n"
    "  F3 or Ctrl-R on Access secret     show or hide the secret\n"
    "  F2                 save (validate, confirm the changes, send); when the last run of a\n"
    "                     policy that uses the registry failed, it then offers to run it again\n"
    "  F4                 the request log (the last requests, secrets redacted)\n"
    "  F5                 probe the target from this machine: name resolution, connect, TLS,\n"
    "                     GET /v2/, then the access key and secret (Basic or Bearer)\n"
    "  F6 or Alt-P        the replication impact panel of this registry (p in the list): the\n"
    "                     policies that use it and their last runs; r runs one again\n"
    "  Esc, F10           go back (asks first when there are unsaved changes; Enter alone\n"
    "                     answers No: press y to discard them)\n"
    "  F1                 this help\n"
    "  Ctrl-L             redraw\n"
    "  Ctrl-C             cancel a running request, otherwise quit at once\n"
    "\n" WIDGET_HELP_LINEEDIT
    "\n"
    "A field marked with ! and in red is invalid; its message shows on the status line.\n"
    "Pasted text is one line: a pasted newline never submits; a line break or tab becomes a space\n"
    "(in a secret it is dropped, so a wrapped secret stays whole); other control characters are dropped.\n"
    "An Alt key that is not listed here does nothing.\n";

const char ui_help_hosts[] =
    "DNS hosts editor\n"
    "\n" WIDGET_HELP_SCROLL
    "  j, k, g, G   move, the first, the last\n"
    "  a, Insert    add a row (domain, then IP address)\n"
    "  Enter, e     edit the selected row\n"
    "  d, Delete    remove the selected row\n"
    "  Esc, q, F10  back to the form\n"
    "  F4           the request log\n" HELP_COMMON
    "\n"
    "Rows marked with ! are invalid (malformed domain or IP, or a domain already listed).\n";

const char ui_help_host_row[] =
    "A DNS host row\n"
    "\n"
    "  Tab, Shift-Tab, Up, Down   the other field\n"
    "  Enter        accept (on the domain with no IP yet: go to the IP address)\n"
    "  Esc, F10     cancel\n" HELP_COMMON "\n" WIDGET_HELP_LINEEDIT;

const char ui_help_login[] =
    "Log in to IAM\n"
    "\n"
    "  Tab, Down, Enter   next field\n"
    "  Shift-Tab, Up      previous field\n"
    "  Enter on the password or the MFA code, F2   log in\n"
    "  F4                 the request log (what IAM answered)\n"
    "  Esc, F10           cancel\n" HELP_COMMON
    "\n" WIDGET_HELP_LINEEDIT
    "\n"
    "The password is masked and never stored; the token is kept in memory only.\n";

const char ui_help_probe[] =
    "Probe of the target\n"
    "\n" WIDGET_HELP_SCROLL
    "  j, k, g, G   the same\n"
    "  Esc, Enter, q, F5, F10   back to the form\n"
    "  F4           the request log\n" HELP_COMMON
    "\n"
    "The steps run from this machine: name resolution, connect, TLS, GET /v2/, then the access key\n"
    "and secret. The failing step and its cause are highlighted.\n";

const char ui_help_request_log[] =
    "Request log\n"
    "\n" WIDGET_HELP_SCROLL
    "  j, k, g, G   the same\n"
    "  Enter        show the request whole (the inspector)\n"
    "  Esc, q, F4, F10   back\n" HELP_COMMON
    "\n"
    "The newest request comes first; failed ones are marked. Secrets are redacted.\n"
    "A row: method, the end of the path (/registries/7), status, error code, duration, request id,\n"
    "time. On a narrow screen the time goes first, then the request id is shortened.\n";

const char ui_help_inspector[] =
    "Request inspector\n"
    "\n"
    "  Up, Down, j, k            scroll a line\n"
    "  PgUp, PgDn, Space         scroll a page\n"
    "  Home, End, g, G           the top, the bottom\n"
    "  /                         search (case ignored); the match is highlighted\n"
    "  n, N                      the next, the previous match\n"
    "  s            save the request as shown (redacted) to a file: ~ expanded, created 0600,\n"
    "               asks before overwriting, never through a symbolic link; shows the absolute path\n"
    "  Esc, Enter, q, F10        back\n" HELP_COMMON
    "\n"
    "Method, URL, status, request id, timings, headers and bodies, secrets redacted. For a signature\n"
    "mismatch the gateway's canonical request is shown beside swrtui's own, the differing lines marked.\n";

const char ui_help_error[] =
    "Request failed\n"
    "\n"
    "  Up, Down, j, k            scroll a line\n"
    "  PgUp, PgDn, Space         scroll a page\n"
    "  Home, End, g, G           the top, the bottom\n"
    "  i            inspect the request (the inspector)\n"
    "  m            show the encoded authorization message whole (when there is one)\n"
    "  d            decode it through STS (needs AK/SK)\n"
    "  w            write it to a file (~ expanded; asks before overwriting; never a symlink)\n"
    "  Esc, Enter, q, F10        close\n" HELP_COMMON
    "\n"
    "When swrtui ends after this error, it prints the error on stderr, request id included.\n";

const char ui_help_impact[] =
    "Replication impact of a registry\n"
    "\n"
    "The replication policies that use the registry, as source or destination, with their trigger,\n"
    "whether they are enabled, and their last run: status, succeeded, failed and total, when, and\n"
    "its status_text. A policy whose last run failed is marked ! and its status ✗ (red with colour).\n"
    "\n" WIDGET_HELP_SCROLL
    "  j, k, g, G   the same\n"
    "  Enter        the recent runs of the selected policy\n"
    "  r            run the selected policy again (asks first), then follow the run live: its row\n"
    "               updates about every second until it succeeds or fails, for at most --timeout\n"
    "  Esc          while a run is followed: stop following it (the run goes on at the service);\n"
    "               otherwise back\n"
    "  F5           load the policies and their last runs again\n"
    "  F4           the request log\n"
    "  q, F10       back\n" HELP_COMMON;

const char ui_help_runs[] =
    "Runs of a replication policy\n"
    "\n"
    "The recent runs, newest first: id, status, succeeded/failed/total, trigger, started, updated\n"
    "and the status_text (the service's reason for a failure), whole.\n"
    "\n" WIDGET_HELP_SCROLL
    "  j, k, g, G   the same\n"
    "  r            run the policy again (asks first) and follow the run live in its row\n"
    "  Esc          while a run is followed: stop following it (the run goes on); otherwise back\n"
    "  F5           load the runs again\n"
    "  F4           the request log\n"
    "  q, F10       back\n" HELP_COMMON;
