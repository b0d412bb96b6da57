#!/usr/bin/env python3
"""Local emulator of the SWR Enterprise Edition replication-target API.

This is a test fixture for swrtui.  It answers the "registries" routes of a
Huawei Cloud SWR Enterprise Edition instance (list, show, modify, create,
delete) and the replication-policy listing, with the real error formats, so
that the client can be exercised without a cloud account.  Python 3 standard
library only.

Two ways to use it
------------------
* As a program::

      python3 tests/emulator/swr_emulator.py [--sample] [--port 0] ...

  Once it accepts connections it prints exactly one line on stdout,
  ``SWR-EMULATOR LISTENING <base-url>``, then serves until SIGTERM or SIGINT
  and exits 0.  Run ``--help`` for the options.  The access log (unless
  ``--quiet``) goes to stderr and never contains tokens or secrets.

* As a module::

      from swr_emulator import Emulator
      emu = Emulator(sample=True).start()     # serves from a background thread
      ... emu.url, emu.port, emu.requests(), emu.add_fault({...}) ...
      emu.stop()

API routes (all under ``/v2/{project_id}/instances/{instance_id}``)
--------------------------------------------------------------------
``GET registries`` (offset, limit, name, type, order_column, order_type),
``GET|PUT|DELETE registries/{id}``, ``POST registries`` and
``GET replication/policies`` (registry_id, offset, limit).  Authentication is
the ``X-Auth-Token`` header; AK/SK-signed requests (``Authorization:
SDK-HMAC-SHA256 ...``) are handed to a pluggable verifier (see
``reject_aksk``), which by default refuses them as the gateway does.  With
``--aksk AK:SK[:SECURITY_TOKEN]`` (repeatable) the ``AkskVerifier`` checks
them exactly as the gateway: it recomputes the canonical request from the
method, raw path and query, the signed headers and the body, and answers 401
APIGW.0301 "ak not exist", "signature expired" (X-Sdk-Date more than 15
minutes off its clock; ``--clock-skew SECONDS`` or ``PUT /_emu/clock``
shifts that clock) or "verify aksk signature fail, canonicalRequest: ..."
(its canonical request with ``|`` for newlines).  A valid signature is
accepted like a valid token.

Error codes used (``{"error_code", "error_msg"}`` unless noted):

* 400 SVCSTG.SWR.4000014 invalid body / parameter, SVCSTG.SWR.4001014 missing
  mandatory parameter, SVCSTG.SWR.4001037 registry type not supported;
* 401 SVCSTG.S2I.4019000 no token, SVCSTG.SWR.4010000 bad token, APIGW.0301
  AK/SK refused (gateway format, with ``request_id``);
* 403 SVCSTG.SWR.4030170 insufficient permissions (new *and* old format, with
  ``encoded_authorization_message``);
* 404 SVCSTG.SWR.4040083 unknown project, instance or registry; APIGW.0101 for
  a path or method the gateway does not know (gateway format);
* 413 APIGW.0201 request body over 12 MiB (gateway format).

In request bodies a JSON ``null`` counts as an absent member (as the Go
service does).  Only the members documented for the create/modify body are
stored; others are ignored.

Instances and IAM projects
--------------------------
``GET /v2/{project_id}/instances`` (offset, limit, status,
enterprise_project_id) lists the instances of the project: ``{"instances":
[{"id", "name", "status", "spec", "version", "access_address", ...}],
"total": n}``.  The default instance is the one whose registries the state
document holds; a document's ``instances`` list may name others, each with
its own ``registries`` (the sample has three: swr-ee-prod, the default,
swr-ee-staging with two registries, and swr-ee-dr, still Creating).
``GET /v3/auth/projects`` (a token) and ``GET /v3/projects?name=REGION`` (a
token or an AK/SK signature) list the account's IAM projects: the region's
own (``name`` the region, ``cn-north-4`` unless the document's ``region``
says otherwise), a sub-project ``<region>_dev`` and one of ap-southeast-1
(or the document's ``projects``).  A password token scoped to a region
carries that region's project.

IAM and STS (same server; point ``--iam-endpoint`` / ``--sts-endpoint`` at it)
------------------------------------------------------------------------------
``POST /v3/auth/tokens`` is IAM's password login for the users given with
``--iam-user NAME:ACCOUNT:PASSWORD[:TOTP_CODE]``: 201 with a new random
``X-Subject-Token`` (accepted by the API routes until it expires) and a body
``{"token": {"expires_at", "issued_at", "methods", "user": {"id", "name",
"domain"}, "project"}}``.  Refusals use IAM's format ``{"error": {"code",
"message", "title"}}``: 400 for a bad body, 401 "The username or password is
wrong.", and for a user with an MFA code 401 when the ``totp`` method is
missing (that answer also carries ``error.user_id``, an emulator convenience
for clients that do not know the user's ID), names another user, or has the
wrong passcode.  Tokens live 24 hours; ``POST /_emu/expire-tokens`` expires
them all at once, after which the API answers 401 SVCSTG.SWR.4010000;
``--token-lifetime SECONDS`` (or ``PUT /_emu/token-lifetime {"seconds": S}``)
shortens the life of the tokens issued next.

``POST /v5/decode-authorization-message`` is STS: it needs an AK/SK
signature, checked by the same verifier as the API routes (keys from
``--aksk``; a token or nothing gets 401 APIGW.0301), takes ``{"encoded_message": "..."}``
(1-10240 characters) and answers ``{"decoded_message": "<JSON text>"}`` for
the messages of this emulator's 403 answers (base64 of a JSON context: user,
action, resource, failure).  400 STS.0001 for a bad body, 400 STS.0002 for a
message it cannot decode.

Control API (no authentication, never recorded, under ``/_emu/``)
------------------------------------------------------------------
``GET|DELETE /_emu/requests``   API requests received (method, path, query,
                                headers, body, request_id, time), in order / clear.
``GET|POST|DELETE /_emu/faults`` queued faults / append one or a list / clear.
``GET|PUT /_emu/state``         full state with real secrets / replace it.
``GET /_emu/stats``             ``{"connections": n, "requests": n}``.
``POST /_emu/reset``            clear requests, faults and counters.
``GET|PUT /_emu/clock``         ``{"skew": seconds}`` added to the clock of the
                                AK/SK date check (GET also gives ``now``).
``POST /_emu/expire-tokens``    expire every token issued by IAM login:
                                ``{"expired": n}``.
``POST /_emu/iam-users``        add IAM users: ``{"name", "account",
                                "password", "totp"}`` or a list of them.

A fault is an object with the optional members ``method``, ``path`` (prefix of
the request path), ``times`` (default 1; -1 for unlimited), ``delay``
(seconds), ``status``, ``headers``, ``body`` (raw text), ``body_b64`` (raw
bytes, base64-encoded, sent as ``application/json`` unless ``headers`` say
otherwise), ``json`` and
``action`` (``drop``, ``reset_mid_body``, ``trickle`` [``interval``],
``oversize`` [``size``, ``valid_json``, ``no_length``], ``redirect``
[``location``], ``old_format`` [``code``, ``message``,
``encoded_authorization_message``]) plus a free ``comment``.  The first queued
fault matching a request is applied and its ``times`` decremented.  A fault
with only ``delay`` and/or ``headers`` delays / decorates the normal answer;
``status``/``json``/``body``/``body_b64`` without an action replace the answer (status
defaults to 500; a 4xx/5xx status alone gets a matching error body).
"""

from __future__ import annotations

import argparse
import base64
import calendar
import copy
import hashlib
import hmac
import ipaddress
import json
import os
import re
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import time
import urllib.parse
import uuid
from email.utils import formatdate
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# --------------------------------------------------------------------------
# Constants
# --------------------------------------------------------------------------

DEFAULT_PROJECT_ID = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
DEFAULT_INSTANCE_ID = "8f3e2a1b-1234-4cde-9abc-0123456789ab"
DEFAULT_TOKEN = "emulator-token"
DEFAULT_REGION = "cn-north-4"
DEFAULT_INSTANCE_NAME = "swr-ee-default"

REGISTRY_TYPES = ("swr-pro", "swr-pro-internal", "huawei-SWR")
INTERNAL_TYPE = "swr-pro-internal"
SECRET_STYLES = ("masked", "empty", "absent")
MASKED_SECRET = "*****"

TS_FORMAT = "%Y-%m-%dT%H:%M:%SZ"

MAX_BODY = 12 * 1024 * 1024          # the gateway's limit for request bodies
IDLE_TIMEOUT = 60                     # seconds an idle keep-alive connection lives
HANDSHAKE_TIMEOUT = 10                # seconds a TLS handshake may take
OVERSIZE_DEFAULT = 50 * 1024 * 1024   # default size of the "oversize" fault body

# Error codes (see the module docstring).
E_INVALID = "SVCSTG.SWR.4000014"
E_MISSING = "SVCSTG.SWR.4001014"
E_TYPE = "SVCSTG.SWR.4001037"
E_NO_AUTH = "SVCSTG.S2I.4019000"
E_AUTH = "SVCSTG.SWR.4010000"
E_FORBIDDEN = "SVCSTG.SWR.4030170"
E_NOT_FOUND = "SVCSTG.SWR.4040083"
E_GW_NO_API = "APIGW.0101"
E_GW_IAM = "APIGW.0301"
E_GW_TOO_LARGE = "APIGW.0201"

# Registry names: 1-64 letters, digits, "_", "-" or CJK ideographs.
NAME_RE = re.compile("[A-Za-z0-9_\\-\u3400-\u4dbf\u4e00-\u9fff]{1,64}")
DIGITS_RE = re.compile(r"[0-9]+")

FAULT_KEYS = frozenset((
    "method", "path", "times", "delay", "status", "headers", "body", "body_b64", "json",
    "action", "interval", "size", "valid_json", "no_length", "location",
    "code", "message", "encoded_authorization_message", "comment"))
FAULT_ACTIONS = frozenset((
    "drop", "reset_mid_body", "trickle", "oversize", "redirect", "old_format"))

# Errors that only mean "the client went away"; never worth a traceback.
_CLIENT_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError,
                TimeoutError, ssl.SSLError)


# --------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------

def new_request_id():
    """A request id as the service gives them: 32 lowercase hex digits."""
    return uuid.uuid4().hex


def format_ts(epoch):
    """Format seconds since the epoch as ``2024-01-15T08:00:00Z``."""
    return time.strftime(TS_FORMAT, time.gmtime(int(epoch)))


def parse_ts(text):
    """Parse a timestamp written by format_ts; None when it is not one."""
    try:
        return calendar.timegm(time.strptime(text, TS_FORMAT))
    except (TypeError, ValueError):
        return None


def dump_json(obj):
    """Compact UTF-8 JSON, as the service sends it."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class Response:
    """An HTTP answer: status, extra headers (list of pairs) and body bytes."""

    __slots__ = ("status", "headers", "body")

    def __init__(self, status, body=b"", headers=None):
        self.status = status
        self.body = body
        self.headers = list(headers or [])

    def header(self, name):
        name = name.lower()
        for key, value in self.headers:
            if key.lower() == name:
                return value
        return None

    def set_header(self, name, value):
        """Replace (case-insensitively) or add a header."""
        self.headers = [(k, v) for k, v in self.headers if k.lower() != name.lower()]
        self.headers.append((name, value))


def json_response(status, obj):
    return Response(status, dump_json(obj), [("Content-Type", "application/json")])


def swr_error(status, code, msg):
    """An error in the service's (new) format."""
    return json_response(status, {"error_code": code, "error_msg": msg})


def gateway_error(status, code, msg, request_id):
    """An error raised by the API gateway in front of the service."""
    return json_response(status, {"error_code": code, "error_msg": msg,
                                  "request_id": request_id})


class ApiError(Exception):
    """Raised inside the API logic to answer with an error response."""

    def __init__(self, response):
        super().__init__(response.status)
        self.response = response


def invalid(field, reason):
    return ApiError(swr_error(400, E_INVALID, "Invalid parameter: %s %s" % (field, reason)))


def missing(field):
    return ApiError(swr_error(400, E_MISSING, "Missing mandatory parameter: %s" % field))


def encoded_authorization_message(action, project_id, instance_id, request_id):
    """An opaque, 300+ character authorization message (base64 of a context).

    The real one is encrypted for STS; this one is plain base64 of JSON, which
    the emulated STS (POST /v5/decode-authorization-message) decodes.
    """
    ctx = {
        "version": "1",
        "context": {
            "request_id": request_id,
            "user": {"user_id": "5f4e3d2c1b0a49382716a5b4c3d2e1f0",
                     "user_name": "emulator-user",
                     "domain_id": "9e8d7c6b5a4938271605f4e3d2c1b0a9",
                     "domain_name": "emulator-account"},
            "action": action,
            "resource": "SWR:*:%s:instance:%s" % (project_id, instance_id),
            "failure": "implicit deny by identity-based policy",
        },
    }
    text = json.dumps(ctx, separators=(",", ":"))
    if len(text) < 225:      # 300 characters of base64 at least, and still decodable
        ctx["padding"] = "." * (225 - len(text))
        text = json.dumps(ctx, separators=(",", ":"))
    return base64.b64encode(text.encode()).decode()


# --------------------------------------------------------------------------
# Validation of the create / modify body
# --------------------------------------------------------------------------

def _present(obj, key):
    """A member counts as present when it exists and is not JSON null."""
    return key in obj and obj[key] is not None


def _valid_url(value):
    if any(ch.isspace() for ch in value):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # raises ValueError for a bad port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def validate_registry_body(raw, strict_dns_conf=False, strict_insecure=False):
    """Check a create/modify body; return the fields to store or raise ApiError."""
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        body = None
    if not isinstance(body, dict):
        raise ApiError(swr_error(400, E_INVALID, "Invalid request body"))

    out = {}
    # name
    if not _present(body, "name"):
        raise missing("name")
    if not isinstance(body["name"], str):
        raise invalid("name", "must be a string")
    if not NAME_RE.fullmatch(body["name"]):
        raise invalid("name", "must be 1 to 64 characters: letters, digits, "
                      "underscores, hyphens or Chinese characters")
    out["name"] = body["name"]
    # description
    if _present(body, "description"):
        if not isinstance(body["description"], str):
            raise invalid("description", "must be a string")
        out["description"] = body["description"]
    else:
        out["description"] = ""
    # type
    if not _present(body, "type"):
        raise missing("type")
    if not isinstance(body["type"], str):
        raise invalid("type", "must be a string")
    if body["type"] not in REGISTRY_TYPES:
        raise ApiError(swr_error(400, E_TYPE, "Registry type not supported: %s" % body["type"]))
    out["type"] = body["type"]
    # project_id / region_id / instance_id (mandatory for swr-pro-internal)
    for field in ("project_id", "region_id", "instance_id"):
        if _present(body, field) and not isinstance(body[field], str):
            raise invalid(field, "must be a string")
        if out["type"] == INTERNAL_TYPE:
            if not body.get(field):
                raise missing(field)
            out[field] = body[field]
    # url
    if not _present(body, "url"):
        raise missing("url")
    if not isinstance(body["url"], str):
        raise invalid("url", "must be a string")
    if not _valid_url(body["url"]):
        raise invalid("url", "must be an http or https URL with a host")
    out["url"] = body["url"]
    # credential
    if not _present(body, "credential"):
        raise missing("credential")
    cred = body["credential"]
    if not isinstance(cred, dict):
        raise invalid("credential", "must be an object")
    for field in ("type", "access_key", "access_secret"):
        if not _present(cred, field):
            raise missing("credential." + field)
        if not isinstance(cred[field], str):
            raise invalid("credential." + field, "must be a string")
    if cred["type"] != "basic":
        raise invalid("credential.type", "must be basic")
    out["credential"] = {"type": cred["type"], "access_key": cred["access_key"],
                         "access_secret": cred["access_secret"]}
    # dns_conf
    if _present(body, "dns_conf"):
        dns = body["dns_conf"]
        if not isinstance(dns, dict):
            raise invalid("dns_conf", "must be an object")
        hosts = {}
        if _present(dns, "hosts"):
            if not isinstance(dns["hosts"], dict):
                raise invalid("dns_conf.hosts", "must be an object of domain to IP address")
            for domain, addr in dns["hosts"].items():
                if not domain or any(ch.isspace() for ch in domain):
                    raise invalid("dns_conf.hosts", "has an invalid domain name: %r" % domain)
                if not isinstance(addr, str):
                    raise invalid("dns_conf.hosts", "value for %s must be a string" % domain)
                try:
                    ipaddress.ip_address(addr)
                except ValueError:
                    raise invalid("dns_conf.hosts",
                                  "value for %s is not an IP address: %s" % (domain, addr)) from None
                hosts[domain] = addr
        out["dns_conf"] = {"hosts": hosts}
    elif strict_dns_conf and out["type"] == "swr-pro":
        raise missing("dns_conf")
    # insecure
    if not _present(body, "insecure"):
        raise missing("insecure")
    if not isinstance(body["insecure"], bool):
        raise invalid("insecure", "must be a boolean")
    if strict_insecure and out["type"] == INTERNAL_TYPE and not body["insecure"]:
        raise invalid("insecure", "must be true for type swr-pro-internal")
    out["insecure"] = body["insecure"]
    return out


# --------------------------------------------------------------------------
# State
# --------------------------------------------------------------------------

def normalize_stored_registry(reg):
    """Check and complete one registry of a state document (real secret inside)."""
    if not isinstance(reg, dict):
        raise ValueError("a registry must be an object")
    rid = reg.get("id")
    if not isinstance(rid, int) or isinstance(rid, bool) or rid < 0:
        raise ValueError("registry id must be a non-negative integer: %r" % (rid,))
    now = format_ts(time.time())
    cred = reg.get("credential") or {}
    if not isinstance(cred, dict):
        raise ValueError("registry %d: credential must be an object" % rid)
    out = {
        "id": rid,
        "name": str(reg.get("name", "registry-%d" % rid)),
        "description": str(reg.get("description") or ""),
        "type": str(reg.get("type", "swr-pro")),
        "url": str(reg.get("url", "")),
        "credential": {"type": str(cred.get("type", "basic")),
                       "access_key": str(cred.get("access_key", "")),
                       "access_secret": str(cred.get("access_secret", ""))},
        "insecure": bool(reg.get("insecure", False)),
        "status": str(reg.get("status", "healthy")),
        "created_at": str(reg.get("created_at", now)),
        "updated_at": str(reg.get("updated_at", reg.get("created_at", now))),
    }
    if out["type"] == INTERNAL_TYPE:
        for field in ("project_id", "region_id", "instance_id"):
            out[field] = str(reg.get(field) or "")
    if reg.get("dns_conf") is not None:
        hosts = (reg["dns_conf"] or {}).get("hosts") or {}
        if not isinstance(hosts, dict):
            raise ValueError("registry %d: dns_conf.hosts must be an object" % rid)
        out["dns_conf"] = {"hosts": {str(k): str(v) for k, v in hosts.items()}}
    return out


class State:
    """The emulated instance: registries (with real secrets) and policies."""

    def __init__(self, project_id=DEFAULT_PROJECT_ID, instance_id=DEFAULT_INSTANCE_ID):
        self.project_id = project_id
        self.instance_id = instance_id
        self.registries = {}   # id -> stored registry
        self.policies = []     # stored as given
        self.executions = []   # replication runs, oldest first (private keys start with "_")
        # registry id (str) -> the secret the target accepts; a run to a registry not named here
        # succeeds when its stored secret is not empty
        self.accepted_secrets = {}
        self.next_id = 1       # ids are never reused, like a database sequence
        self.region = DEFAULT_REGION
        # the instances of the project, in list order (metadata as GET /v2/{project}/instances gives
        # it); the one whose id is instance_id is this state's, the others have their own State
        self.instances = [default_instance_meta(instance_id)]
        self.others = {}       # instance id -> State of another instance (its own registries)
        self.projects = None   # IAM projects of the account; None: derived from the region

    @classmethod
    def from_document(cls, doc, project_id=None, instance_id=None):
        """Build from a state document ({"project_id", "instance_id", "registries", "policies"}).

        project_id / instance_id, when given, override the document's.
        """
        if not isinstance(doc, dict):
            raise ValueError("the state must be a JSON object")
        state = cls(project_id or doc.get("project_id") or DEFAULT_PROJECT_ID,
                    instance_id or doc.get("instance_id") or DEFAULT_INSTANCE_ID)
        regs = doc.get("registries") or []
        pols = doc.get("policies") or []
        if not isinstance(regs, list) or not isinstance(pols, list):
            raise ValueError("registries and policies must be lists")
        for reg in regs:
            norm = normalize_stored_registry(reg)
            if norm["id"] in state.registries:
                raise ValueError("duplicate registry id %d" % norm["id"])
            state.registries[norm["id"]] = norm
        for pol in pols:
            if not isinstance(pol, dict):
                raise ValueError("a policy must be an object")
            state.policies.append(copy.deepcopy(pol))
        execs = doc.get("executions") or []
        accepted = doc.get("accepted_secrets") or {}
        if not isinstance(execs, list) or not isinstance(accepted, dict):
            raise ValueError("executions must be a list and accepted_secrets an object")
        for ex in execs:
            if not isinstance(ex, dict) or not isinstance(ex.get("id"), int):
                raise ValueError("an execution must be an object with an integer id")
            state.executions.append(copy.deepcopy(ex))
        state.accepted_secrets = {str(k): v for k, v in accepted.items()}
        highest = max(state.registries, default=0)
        state.next_id = max(highest + 1, int(doc.get("next_id") or 0))
        state._load_instances(doc)
        return state

    def _load_instances(self, doc):
        """The "instances" (and "region", "projects") of a state document: instance metadata, the
        default one's registries being the document's own, another's under its "registries"."""
        region = doc.get("region") or DEFAULT_REGION
        if not isinstance(region, str):
            raise ValueError("region must be a string")
        self.region = region
        projects = doc.get("projects")
        if projects is not None and not (isinstance(projects, list)
                                         and all(isinstance(p, dict) for p in projects)):
            raise ValueError("projects must be a list of objects")
        self.projects = copy.deepcopy(projects)
        insts = doc.get("instances")
        if insts is None:
            return
        if not isinstance(insts, list) or not all(isinstance(i, dict) and isinstance(i.get("id"), str)
                                                  for i in insts):
            raise ValueError("instances must be a list of objects with a string id")
        self.instances = []
        for inst in insts:
            meta = dict(default_instance_meta(inst["id"]), **{k: copy.deepcopy(v)
                                                              for k, v in inst.items()
                                                              if k != "registries"})
            self.instances.append(meta)
            if inst["id"] == self.instance_id or inst["id"] in self.others:
                continue
            sub = {"registries": inst.get("registries") or []}
            self.others[inst["id"]] = State.from_document(sub, self.project_id, inst["id"])
        if not any(i["id"] == self.instance_id for i in self.instances):
            self.instances.insert(0, default_instance_meta(self.instance_id))

    def for_instance(self, instance_id):
        """The State of an instance of this project, or None."""
        if instance_id == self.instance_id:
            return self
        return self.others.get(instance_id)

    def project_list(self):
        """The IAM projects of the account: the region's own, a sub-project and another region's."""
        if self.projects is not None:
            return copy.deepcopy(self.projects)
        domain = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
        return [
            {"id": self.project_id, "name": self.region, "enabled": True, "domain_id": domain,
             "parent_id": domain, "is_domain": False, "description": ""},
            {"id": hashlib.md5(("sub:" + self.region).encode()).hexdigest(),
             "name": self.region + "_dev", "enabled": True, "domain_id": domain,
             "parent_id": self.project_id, "is_domain": False, "description": "a sub-project"},
            {"id": hashlib.md5(b"region:ap-southeast-1").hexdigest(), "name": "ap-southeast-1",
             "enabled": True, "domain_id": domain, "parent_id": domain, "is_domain": False,
             "description": ""},
        ]

    def to_document(self):
        doc = {
            "project_id": self.project_id,
            "instance_id": self.instance_id,
            "next_id": self.next_id,
            "registries": [copy.deepcopy(self.registries[k]) for k in sorted(self.registries)],
            "policies": copy.deepcopy(self.policies),
            "executions": copy.deepcopy(self.executions),
            "accepted_secrets": dict(self.accepted_secrets),
        }
        if len(self.instances) > 1 or self.instances[0] != default_instance_meta(self.instance_id):
            doc["instances"] = []
            for meta in self.instances:
                inst = copy.deepcopy(meta)
                other = self.others.get(meta["id"])
                if other is not None:
                    inst["registries"] = other.to_document()["registries"]
                doc["instances"].append(inst)
        if self.region != DEFAULT_REGION:
            doc["region"] = self.region
        if self.projects is not None:
            doc["projects"] = copy.deepcopy(self.projects)
        return doc

    def generate(self, count):
        """Add `count` generated registries named reg-00001, reg-00002, ..."""
        base = calendar.timegm((2024, 3, 1, 0, 0, 0))
        types = REGISTRY_TYPES
        for i in range(1, count + 1):
            rid = self.next_id
            self.next_id += 1
            rtype = types[i % 3]
            created = format_ts(base + i * 60)
            reg = {
                "id": rid,
                "name": "reg-%05d" % i,
                "description": "generated registry %d" % i,
                "type": rtype,
                "url": "https://reg-%05d.example.com" % i,
                "credential": {"type": "basic", "access_key": "user%05d" % i,
                               "access_secret": "generated-secret-%05d" % i},
                "insecure": rtype == INTERNAL_TYPE,
                "status": "unhealthy" if i % 7 == 0 else "healthy",
                "created_at": created,
                "updated_at": created,
            }
            if rtype == INTERNAL_TYPE:
                reg.update(project_id="%032x" % i, region_id="cn-north-4",
                           instance_id="00000000-0000-4000-8000-%012d" % i)
            self.registries[rid] = reg


def default_instance_meta(instance_id, name=DEFAULT_INSTANCE_NAME):
    """An instance as GET /v2/{project_id}/instances lists it, with every documented field."""
    short = instance_id.split("-")[0]
    return {
        "id": instance_id, "name": name, "status": "Running", "spec": "swr.ee.professional",
        "version": "v3.2.0", "access_address": "%s-%s.swr-pro.myhuaweicloud.com" % (name, short),
        "description": "", "vpc_id": "b7c1a2d3-0000-4000-8000-00000000a001", "vpc_name": "vpc-default",
        "vpc_cidr": "192.168.0.0/16", "subnet_id": "b7c1a2d3-0000-4000-8000-00000000b001",
        "subnet_name": "subnet-default", "subnet_cidr": "192.168.0.0/24",
        "enterprise_project_id": "0", "charge_mode": "postPaid", "obs_bucket_name": "",
        "user_def_obs": False, "created_at": "2024-01-10T08:00:00Z",
        "updated_at": "2024-01-10T08:00:00Z", "expires_at": "",
    }


SAMPLE_STAGING_ID = "3c5d7e9f-3333-4bbb-8ccc-dddddddddddd"
SAMPLE_DR_ID = "4d6e8f0a-4444-4ccc-9ddd-eeeeeeeeeeee"


def sample_instances():
    """The sample's instances: the default one (production), staging with its own two registries,
    and a disaster-recovery instance still being created."""
    prod = dict(default_instance_meta(DEFAULT_INSTANCE_ID, "swr-ee-prod"),
                description="production images", spec="swr.ee.enterprise")
    staging = dict(default_instance_meta(SAMPLE_STAGING_ID, "swr-ee-staging"),
                   description="staging", spec="swr.ee.professional", version="v3.1.4",
                   created_at="2024-02-01T08:00:00Z", updated_at="2024-02-01T08:00:00Z")
    staging["registries"] = [
        {"id": 1, "name": "harbor-staging", "description": "Harbor of the staging cluster",
         "type": "swr-pro", "url": "https://harbor.staging.example.com",
         "credential": {"type": "basic", "access_key": "robot$staging",
                        "access_secret": "sample-secret-harbor-staging"},
         "dns_conf": {"hosts": {}}, "insecure": False, "status": "healthy",
         "created_at": "2024-02-02T08:00:00Z", "updated_at": "2024-02-02T08:00:00Z"},
        {"id": 2, "name": "dockerhub-mirror", "description": "",
         "type": "swr-pro", "url": "https://mirror.example.org",
         "credential": {"type": "basic", "access_key": "mirror",
                        "access_secret": "sample-secret-mirror"},
         "dns_conf": {"hosts": {}}, "insecure": False, "status": "unhealthy",
         "created_at": "2024-02-03T08:00:00Z", "updated_at": "2024-02-03T08:00:00Z"},
    ]
    dr = dict(default_instance_meta(SAMPLE_DR_ID, "swr-ee-dr"), status="Creating",
              description="disaster recovery", spec="swr.ee.basic", charge_mode="prePaid",
              created_at="2024-06-01T08:00:00Z", updated_at="2024-06-01T08:00:00Z",
              expires_at="2025-06-01T08:00:00Z")
    return [prod, staging, dr]


def sample_document():
    """The built-in sample: six registries (ids 1-5 and 7), three policies and their runs."""
    return {
        "project_id": DEFAULT_PROJECT_ID,
        "instance_id": DEFAULT_INSTANCE_ID,
        "instances": sample_instances(),
        "registries": [
            {"id": 1, "name": "harbor-backup", "description": "Harbor in the backup data centre",
             "type": "swr-pro", "url": "https://harbor.example.com",
             "credential": {"type": "basic", "access_key": "robot$backup",
                            "access_secret": "sample-secret-harbor-backup"},
             "dns_conf": {"hosts": {"harbor.example.com": "192.0.2.10"}},
             "insecure": False, "status": "healthy",
             "created_at": "2024-01-15T08:00:00Z", "updated_at": "2024-01-15T08:00:00Z"},
            {"id": 2, "name": "swr-ee-beijing", "description": "Enterprise Edition, Beijing 4",
             "type": "swr-pro-internal",
             "url": "https://swr-ee-bj-1a2b3c.swr-pro.myhuaweicloud.com",
             "project_id": "f1e2d3c4b5a697887766554433221100", "region_id": "cn-north-4",
             "instance_id": "2b4c6d8e-1111-4aaa-8bbb-cccccccccccc",
             "credential": {"type": "basic", "access_key": "cn-north-4@ABCDEFGHIJ0123456789",
                            "access_secret": "sample-secret-swr-ee-beijing"},
             "insecure": True, "status": "healthy",
             "created_at": "2024-01-16T09:30:00Z", "updated_at": "2024-02-01T10:00:00Z"},
            {"id": 3, "name": "swr-basic-shanghai", "description": "",
             "type": "huawei-SWR", "url": "https://swr.cn-east-3.myhuaweicloud.com",
             "credential": {"type": "basic", "access_key": "cn-east-3@KLMNOPQRST9876543210",
                            "access_secret": "sample-secret-swr-basic-shanghai"},
             "insecure": False, "status": "healthy",
             "created_at": "2024-01-17T10:00:00Z", "updated_at": "2024-01-17T10:00:00Z"},
            {"id": 4, "name": "harbor-lab", "description": "Lab Harbor, self-signed certificate",
             "type": "swr-pro", "url": "https://harbor.lab.example.net:8443",
             "credential": {"type": "basic", "access_key": "admin",
                            "access_secret": "sample-secret-harbor-lab"},
             "dns_conf": {"hosts": {"harbor.lab.example.net": "198.51.100.7",
                                    "notary.lab.example.net": "2001:db8::7"}},
             "insecure": True, "status": "unhealthy",
             "created_at": "2024-01-18T11:15:00Z", "updated_at": "2024-03-05T16:45:00Z"},
            {"id": 5, "name": "镜像仓库-广州", "description": "华南备份",
             "type": "huawei-SWR", "url": "https://swr.cn-south-1.myhuaweicloud.com",
             "credential": {"type": "basic", "access_key": "cn-south-1@UVWXYZ0123456789ABCD",
                            "access_secret": "sample-secret-guangzhou"},
             "insecure": False, "status": "unhealthy",
             "created_at": "2024-01-19T12:00:00Z", "updated_at": "2024-01-19T12:00:00Z"},
            {"id": 7, "name": "swr-ee-singapore", "description": "Enterprise Edition, Singapore",
             "type": "swr-pro-internal",
             "url": "https://swr-ee-sg-9f8e7d.swr-pro.myhuaweicloud.com",
             "project_id": "00112233445566778899aabbccddeeff", "region_id": "ap-southeast-3",
             "instance_id": "9a8b7c6d-2222-4ddd-9eee-ffffffffffff",
             "credential": {"type": "basic", "access_key": "ap-southeast-3@EFGH4567IJKL8901MNOP",
                            "access_secret": "sample-secret-swr-ee-singapore"},
             "insecure": True, "status": "healthy",
             "created_at": "2024-01-21T07:45:00Z", "updated_at": "2024-01-21T07:45:00Z"},
        ],
        "policies": [
            {"id": 1, "name": "sync-to-singapore", "description": "",
             "src_registry": {"id": 0}, "dest_registry": {"id": 7}, "dest_namespace": "release",
             "enabled": True, "trigger": {"type": "manual"}, "override": True,
             "filters": [{"type": "name", "value": "release/**"}],
             "created_at": "2024-01-22T08:00:00Z", "updated_at": "2024-01-22T08:00:00Z"},
            {"id": 2, "name": "backup-to-harbor", "description": "nightly copy of release images",
             "src_registry": {"id": 0}, "dest_registry": {"id": 1}, "dest_namespace": "",
             "enabled": False,
             "trigger": {"type": "scheduled", "trigger_settings": {"cron": "0 0 2 * * *"}},
             "override": False, "filters": [],
             "created_at": "2024-01-11T09:00:00Z", "updated_at": "2024-01-11T09:00:00Z"},
            {"id": 3, "name": "pull-from-lab", "description": "base images from the lab Harbor",
             "src_registry": {"id": 4}, "dest_registry": {"id": 0}, "dest_namespace": "base",
             "enabled": True, "trigger": {"type": "event_based"}, "override": True, "filters": [],
             "created_at": "2024-01-23T08:00:00Z", "updated_at": "2024-01-23T08:00:00Z"},
        ],
        # the Singapore target's secret was rotated there and not here: runs that use it fail
        "accepted_secrets": {"7": "rotated-secret-swr-ee-singapore",
                             "1": "sample-secret-harbor-backup", "4": "sample-secret-harbor-lab"},
        "executions": [
            _sample_execution(1, 1, "Succeed", "", 12, "2024-06-01T02:00:00Z"),
            _sample_execution(2, 2, "Succeed", "", 40, "2024-06-02T02:00:00Z"),
            _sample_execution(3, 1, "Failed", UNAUTHORIZED_TEXT % SAMPLE_SINGAPORE_HOST, 12,
                              "2024-06-03T08:30:00Z"),
            _sample_execution(4, 3, "Succeed", "", 3, "2024-06-03T09:00:00Z"),
        ],
    }


UNAUTHORIZED_TEXT = ("failed to pull manifest from the source or push to the target: "
                     "unauthorized: authentication required (https://%s/v2/)")
SAMPLE_SINGAPORE_HOST = "swr-ee-sg-9f8e7d.swr-pro.myhuaweicloud.com"


def _sample_execution(eid, policy_id, status, text, total, when):
    failed = total if status == "Failed" else 0
    return {"id": eid, "policy_id": policy_id, "status": status, "status_text": text,
            "trigger": "manual", "total": total, "succeed": total - failed, "failed": failed,
            "in_progress": 0, "stopped": 0, "created_at": when, "updated_at": when}


# --------------------------------------------------------------------------
# The API logic (no sockets here)
# --------------------------------------------------------------------------

class ApiRequest:
    """One API request as received: what the logic and AK/SK verifiers see.

    ``path`` and ``query`` are raw (as sent, percent-encoding kept); ``headers``
    is a list of (name, value) pairs in the order received; ``body`` is bytes.
    """

    __slots__ = ("method", "path", "query", "headers", "body", "request_id")

    def __init__(self, method, path, query, headers, body, request_id):
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.request_id = request_id

    def header(self, name, default=None):
        """Value of a header (case-insensitive); the last one wins."""
        name = name.lower()
        found = default
        for key, value in self.headers:
            if key.lower() == name:
                found = value
        return found


def reject_aksk(request):
    """Default AK/SK verifier: refuses every signature as the gateway does.

    A verifier is a callable taking an ApiRequest and returning None when the
    request is authenticated, or a Response to answer instead.
    """
    return gateway_error(401, E_GW_IAM,
                         "Incorrect IAM authentication information: verify aksk signature fail",
                         request.request_id)


# --------------------------------------------------------------------------
# AK/SK signatures (SDK-HMAC-SHA256), checked as the API gateway does
# --------------------------------------------------------------------------

AKSK_MAX_SKEW = 15 * 60               # seconds X-Sdk-Date may be off the server clock
_AKSK_AUTH_RE = re.compile(r"^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([^,\s]+),"
                           r"\s*Signature=([0-9a-fA-F]+)\s*$")


def parse_aksk_spec(spec):
    """``AK:SK`` or ``AK:SK:SECURITY_TOKEN`` -> (ak, sk, token or None)."""
    parts = spec.split(":", 2)
    if len(parts) < 2 or not parts[0] or not parts[1]:
        raise ValueError("an AK/SK pair is written AK:SK or AK:SK:SECURITY_TOKEN")
    return parts[0], parts[1], (parts[2] if len(parts) == 3 and parts[2] else None)


def _aksk_encode(raw):
    """Percent-encode bytes keeping only A-Z a-z 0-9 - _ . ~ (uppercase hex)."""
    return urllib.parse.quote_from_bytes(raw, safe="")


def gateway_canonical_request(method, raw_path, raw_query, headers, signed_headers, body):
    """The canonical request the gateway computes from what it received.

    raw_path and raw_query are as sent (percent-encoding kept): each path
    segment is decoded and re-encoded and a "/" appended; the query is parsed,
    sorted by name then value, and re-encoded.  headers maps a lowercase name
    to the received value; signed_headers lists the names from the
    Authorization header.
    """
    uri = "/".join(_aksk_encode(urllib.parse.unquote_to_bytes(seg)) for seg in raw_path.split("/"))
    if not uri.endswith("/"):
        uri += "/"
    pairs = []
    for part in raw_query.split("&") if raw_query else ():
        if part:
            name, _, value = part.partition("=")
            pairs.append((urllib.parse.unquote_to_bytes(name), urllib.parse.unquote_to_bytes(value)))
    pairs.sort()
    query = "&".join(_aksk_encode(n) + "=" + _aksk_encode(v) for n, v in pairs)
    names = sorted(signed_headers)
    lines = "".join("%s:%s\n" % (n, (headers.get(n) or "").strip()) for n in names)
    return "\n".join([method, uri, query, lines, ";".join(names),
                      hashlib.sha256(body or b"").hexdigest()])


class AkskVerifier:
    """An AK/SK verifier (see reject_aksk) that checks signatures as the gateway.

    keys maps an AK to (SK, security token or None); it may also be given as a
    list of ``AK:SK[:TOKEN]`` specs.  clock returns the server's time (seconds
    since the epoch).  Answers, all 401 APIGW.0301 in the gateway's format:
    "ak not exist", "signature expired" (X-Sdk-Date more than 15 minutes off),
    "verify aksk signature fail, canonicalRequest: <the canonical request with
    | for newlines>", and for temporary keys a missing or wrong
    X-Security-Token.
    """

    def __init__(self, keys, clock=time.time):
        if isinstance(keys, dict):
            self.keys = {ak: (v if isinstance(v, tuple) else (v, None)) for ak, v in keys.items()}
        else:
            self.keys = {}
            for spec in keys:
                ak, sk, token = parse_aksk_spec(spec)
                self.keys[ak] = (sk, token)
        self.clock = clock

    @staticmethod
    def _refuse(req, why):
        return gateway_error(401, E_GW_IAM, "Incorrect IAM authentication information: " + why,
                             req.request_id)

    def __call__(self, req):
        match = _AKSK_AUTH_RE.match((req.header("Authorization") or "").strip())
        if not match:
            return self._refuse(req, "the Authorization header is not SDK-HMAC-SHA256 "
                                     "Access=..., SignedHeaders=..., Signature=...")
        ak, signed, signature = match.groups()
        if ak not in self.keys:
            return self._refuse(req, "ak not exist")
        sk, token = self.keys[ak]
        date = (req.header("X-Sdk-Date") or "").strip()
        try:
            when = calendar.timegm(time.strptime(date, "%Y%m%dT%H%M%SZ"))
        except ValueError:
            return self._refuse(req, "x-sdk-date is missing or not YYYYMMDDTHHMMSSZ")
        if abs(self.clock() - when) > AKSK_MAX_SKEW:
            return self._refuse(req, "signature expired")
        if token is not None and (req.header("X-Security-Token") or "").strip() != token:
            return self._refuse(req, "verify security token fail")
        headers = {}
        for name, value in req.headers:
            headers[name.lower()] = value
        canonical = gateway_canonical_request(req.method, req.path, req.query, headers,
                                              signed.lower().split(";"), req.body)
        string_to_sign = "SDK-HMAC-SHA256\n%s\n%s" % (
            date, hashlib.sha256(canonical.encode("utf-8")).hexdigest())
        expected = hmac.new(sk.encode("utf-8"), string_to_sign.encode("utf-8"),
                            hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature.lower()):
            return self._refuse(req, "verify aksk signature fail, canonicalRequest: "
                                + canonical.replace("\n", "|"))
        return None


# Routes: (method, regex) -> handler name.  Anything else is the gateway's 404.
_PREFIX = r"^/v2/(?P<project>[^/]+)/instances/(?P<instance>[^/]+)"
_INSTANCES_RE = re.compile(r"^/v2/(?P<project>[^/]+)/instances$")
IAM_AUTH_PROJECTS_PATH = "/v3/auth/projects"
IAM_PROJECTS_PATH = "/v3/projects"
_ROUTES = [
    ("GET", re.compile(_PREFIX + r"/registries$"), "list_registries", "swr:instance:listRegistries"),
    ("POST", re.compile(_PREFIX + r"/registries$"), "create_registry", "swr:instance:createRegistry"),
    ("GET", re.compile(_PREFIX + r"/registries/(?P<rid>[^/]+)$"), "show_registry",
     "swr:instance:getRegistry"),
    ("PUT", re.compile(_PREFIX + r"/registries/(?P<rid>[^/]+)$"), "modify_registry",
     "swr:instance:updateRegistry"),
    ("DELETE", re.compile(_PREFIX + r"/registries/(?P<rid>[^/]+)$"), "delete_registry",
     "swr:instance:deleteRegistry"),
    ("GET", re.compile(_PREFIX + r"/replication/policies$"), "list_policies",
     "swr:instance:listReplicationPolicies"),
    ("GET", re.compile(_PREFIX + r"/replication/executions$"), "list_executions",
     "swr:instance:listReplicationExecutions"),
    ("POST", re.compile(_PREFIX + r"/replication/executions$"), "start_execution",
     "swr:instance:createReplicationExecution"),
]


class SwrApi:
    """The emulated service.  Thread-safe: every state access holds `lock`.

    Its settings are plain attributes and may be changed at run time:
    tokens, forbidden_tokens, create_status, secret_style, strict_dns_conf,
    strict_insecure, aksk_verifier.
    """

    def __init__(self, state, lock, tokens=None, forbidden_tokens=None, create_status=201,
                 secret_style="masked", strict_dns_conf=False, strict_insecure=False,
                 aksk_verifier=None):
        self.state = state
        self.lock = lock
        self.identity = Identity()     # IAM users and issued tokens; STS decoding
        self.tokens = set(tokens) if tokens else {DEFAULT_TOKEN}
        self.forbidden_tokens = set(forbidden_tokens or ())
        self.create_status = create_status
        self.secret_style = secret_style
        self.strict_dns_conf = strict_dns_conf
        self.strict_insecure = strict_insecure
        self.aksk_verifier = aksk_verifier or reject_aksk

    # -- entry point -------------------------------------------------------

    def handle(self, req):
        """Answer one API request; always returns a Response."""
        try:
            return self._handle(req)
        except ApiError as err:
            return err.response

    def _handle(self, req):
        if req.method == "POST" and req.path == IAM_TOKENS_PATH:
            with self.lock:
                projects = self.state.project_list()
            return self.identity.login(req, self.state.project_id, projects)
        if req.method == "POST" and req.path == STS_DECODE_PATH:
            return self.identity.decode(req, self.aksk_verifier)
        if req.method == "GET" and req.path in (IAM_AUTH_PROJECTS_PATH, IAM_PROJECTS_PATH):
            return self.list_projects(req)
        match = _INSTANCES_RE.match(req.path)
        if match and req.method == "GET":
            groups = {"project": urllib.parse.unquote(match.group("project")), "instance": ""}
            self._authenticate(req, "swr:instance:list", groups)
            with self.lock:
                return self.list_instances(req, groups)
        for method, regex, handler, action in _ROUTES:
            match = regex.match(req.path)
            if match and method == req.method:
                break
        else:
            raise ApiError(gateway_error(
                404, E_GW_NO_API,
                "The API does not exist or has not been published in the environment",
                req.request_id))
        groups = {k: urllib.parse.unquote(v) for k, v in match.groupdict().items()}
        self._authenticate(req, action, groups)
        with self.lock:
            if groups["project"] != self.state.project_id:
                raise ApiError(swr_error(404, E_NOT_FOUND, "Project not found: %s" % groups["project"]))
            own = self.state.for_instance(groups["instance"])
            if own is None:
                raise ApiError(swr_error(404, E_NOT_FOUND,
                                         "Instance not found: %s" % groups["instance"]))
            # another instance's registries: its own State answers (the lock is held throughout)
            saved, self.state = self.state, own
            try:
                return getattr(self, handler)(req, groups)
            finally:
                self.state = saved

    # -- instances and IAM projects ------------------------------------------

    def list_instances(self, req, groups):
        """GET /v2/{project_id}/instances: offset, limit (at most 100), status, enterprise_project_id."""
        if groups["project"] != self.state.project_id:
            raise ApiError(swr_error(404, E_NOT_FOUND, "Project not found: %s" % groups["project"]))
        query = self._query(req)
        offset, limit = self._paging(query)
        items = [i for i in self.state.instances
                 if ("status" not in query or i.get("status") == query["status"])
                 and ("enterprise_project_id" not in query
                      or i.get("enterprise_project_id") == query["enterprise_project_id"])]
        return json_response(200, {"instances": copy.deepcopy(items[offset:offset + limit]),
                                   "total": len(items)})

    def list_projects(self, req):
        """GET /v3/auth/projects (token) and GET /v3/projects[?name=R] (token or AK/SK)."""
        token = (req.header("X-Auth-Token") or "").strip()
        if req.path == IAM_AUTH_PROJECTS_PATH or token:
            if not token:
                return iam_error(401, "The request you have made requires authentication.")
            if token not in self.tokens and not self.identity.accepts(token):
                return iam_error(401, "The token is invalid or has expired.")
        else:
            authorization = (req.header("Authorization") or "").strip()
            if not authorization.startswith("SDK-HMAC-SHA256"):
                return iam_error(401, "The request you have made requires authentication.")
            verdict = self.aksk_verifier(req)
            if verdict is not None:
                return verdict
        with self.lock:
            projects = self.state.project_list()
        name = self._query(req).get("name") if req.path == IAM_PROJECTS_PATH else None
        if name is not None:
            projects = [p for p in projects if p.get("name") == name]
        return json_response(200, {"projects": projects,
                                   "links": {"self": "https://iam.example.invalid" + req.path,
                                             "previous": None, "next": None}})

    # -- authentication ----------------------------------------------------

    def _authenticate(self, req, action, groups):
        token = (req.header("X-Auth-Token") or "").strip()
        if token:
            if token in self.forbidden_tokens:
                raise ApiError(self._forbidden(req, action, groups))
            if token not in self.tokens and not self.identity.accepts(token):
                raise ApiError(swr_error(401, E_AUTH, "Authentication failed"))
            return
        authorization = (req.header("Authorization") or "").strip()
        if authorization:
            if authorization.startswith("SDK-HMAC-SHA256"):
                verdict = self.aksk_verifier(req)
                if verdict is not None:
                    raise ApiError(verdict)
                return
            raise ApiError(gateway_error(
                401, E_GW_IAM,
                "Incorrect IAM authentication information: unsupported authorization method",
                req.request_id))
        raise ApiError(swr_error(401, E_NO_AUTH, "No token or AK/SK found in the request"))

    def _forbidden(self, req, action, groups):
        message = encoded_authorization_message(action, groups["project"], groups["instance"],
                                                req.request_id)
        return json_response(403, {
            "error_code": E_FORBIDDEN,
            "error_msg": "Insufficient permissions",
            "encoded_authorization_message": message,
            "errors": [{"errorCode": E_FORBIDDEN, "errorMessage": "Insufficient permissions",
                        "detail": "", "encoded_authorization_message": message}],
        })

    # -- query helpers -----------------------------------------------------

    @staticmethod
    def _query(req):
        pairs = urllib.parse.parse_qsl(req.query, keep_blank_values=True)
        out = {}
        for key, value in pairs:
            out.setdefault(key, value)   # the first occurrence wins
        return out

    @staticmethod
    def _paging(query):
        """offset/limit with the documented rules; returns (offset, limit)."""
        limit, offset = 10, 0
        if "limit" in query:
            if not DIGITS_RE.fullmatch(query["limit"]) or not 1 <= int(query["limit"]) <= 100:
                raise invalid("limit", "must be an integer from 1 to 100")
            limit = int(query["limit"])
        if "offset" in query:
            if not DIGITS_RE.fullmatch(query["offset"]):
                raise invalid("offset", "must be a non-negative integer")
            offset = int(query["offset"])
        if offset % limit != 0:
            raise invalid("offset", "must be 0 or a multiple of limit")
        return offset, limit

    def _lookup(self, groups):
        rid = groups["rid"]
        reg = self.state.registries.get(int(rid)) if DIGITS_RE.fullmatch(rid) else None
        if reg is None:
            raise ApiError(swr_error(404, E_NOT_FOUND, "Registry not found: %s" % rid))
        return reg

    def render(self, reg):
        """A stored registry as the API returns it (the secret is never given back)."""
        internal = reg["type"] == INTERNAL_TYPE
        out = {"id": reg["id"], "name": reg["name"], "description": reg["description"],
               "region_id": reg.get("region_id", "") if internal else "",
               "instance_id": reg.get("instance_id", "") if internal else ""}
        if internal:
            out["project_id"] = reg.get("project_id", "")
        out["type"] = reg["type"]
        out["url"] = reg["url"]
        cred = {"type": reg["credential"]["type"], "access_key": reg["credential"]["access_key"]}
        if self.secret_style == "masked":
            cred["access_secret"] = MASKED_SECRET
        elif self.secret_style == "empty":
            cred["access_secret"] = ""
        out["credential"] = cred
        if "dns_conf" in reg:
            out["dns_conf"] = copy.deepcopy(reg["dns_conf"])
        out.update(insecure=reg["insecure"], status=reg["status"],
                   created_at=reg["created_at"], updated_at=reg["updated_at"])
        return out

    # -- route handlers (called with the lock held) -------------------------

    def list_registries(self, req, groups):
        query = self._query(req)
        offset, limit = self._paging(query)
        column = query.get("order_column")
        order = query.get("order_type")
        if column is None and order is not None:
            raise invalid("order_type", "is only allowed together with order_column")
        if column is None:
            column = "created_at"
        if column not in ("created_at", "updated_at", "name"):
            raise invalid("order_column", "must be created_at, updated_at or name")
        if order is None:
            order = "desc"
        if order not in ("asc", "desc"):
            raise invalid("order_type", "must be asc or desc")
        items = list(self.state.registries.values())
        if query.get("name"):
            needle = query["name"].lower()
            items = [r for r in items if needle in r["name"].lower()]
        if "type" in query and query["type"] != "":
            items = [r for r in items if r["type"] == query["type"]]
        items.sort(key=lambda r: (r[column], r["id"]), reverse=(order == "desc"))
        page = items[offset:offset + limit]
        return json_response(200, {"registries": [self.render(r) for r in page],
                                   "total": len(items)})

    def show_registry(self, req, groups):
        return json_response(200, self.render(self._lookup(groups)))

    def modify_registry(self, req, groups):
        reg = self._lookup(groups)
        fields = validate_registry_body(req.body, self.strict_dns_conf, self.strict_insecure)
        # PUT is a full replacement: keep only id, status and created_at.
        new = {"id": reg["id"], "status": reg["status"], "created_at": reg["created_at"]}
        new.update(fields)
        previous = parse_ts(reg["updated_at"]) or 0
        new["updated_at"] = format_ts(max(time.time(), previous + 1))  # always moves forward
        self.state.registries[reg["id"]] = new
        return Response(200, b"")

    def create_registry(self, req, groups):
        fields = validate_registry_body(req.body, self.strict_dns_conf, self.strict_insecure)
        rid = self.state.next_id
        self.state.next_id += 1
        now = format_ts(time.time())
        reg = {"id": rid, "status": "healthy", "created_at": now, "updated_at": now}
        reg.update(fields)
        self.state.registries[rid] = reg
        return json_response(self.create_status, {"id": rid})

    def delete_registry(self, req, groups):
        reg = self._lookup(groups)
        del self.state.registries[reg["id"]]
        return Response(204)

    def list_policies(self, req, groups):
        query = self._query(req)
        offset, limit = self._paging(query)
        policies = self.state.policies
        if "registry_id" in query:
            if not DIGITS_RE.fullmatch(query["registry_id"]):
                raise invalid("registry_id", "must be a non-negative integer")
            wanted = int(query["registry_id"])

            def uses(pol):
                ids = [(pol.get(k) or {}).get("id") for k in ("src_registry", "dest_registry")]
                return wanted in ids
            policies = [p for p in policies if uses(p)]
        page = policies[offset:offset + limit]
        return json_response(200, {"policies": copy.deepcopy(page), "total": len(policies)})

    # -- replication runs --------------------------------------------------------

    run_seconds = 2.0   # how long a started run stays InProgress (PUT /_emu/replication)
    executions_order = "newest_first"   # or "oldest_first" (PUT /_emu/replication)

    def _settle(self, ex):
        """An InProgress run whose time is up gets its outcome (decided when it started)."""
        if ex["status"] == "InProgress" and time.time() >= ex.get("_done_at", 0):
            ok = ex.get("_ok", True)
            n = ex["total"]
            ex.update(status="Succeed" if ok else "Failed", in_progress=0,
                      succeed=n if ok else 0, failed=0 if ok else n,
                      status_text="" if ok else ex.get("_text", ""),
                      updated_at=format_ts(time.time()))

    def list_executions(self, req, groups):
        query = self._query(req)
        offset, limit = self._paging(query)
        runs = self.state.executions
        if "policy_id" in query:
            if not DIGITS_RE.fullmatch(query["policy_id"]):
                raise invalid("policy_id", "must be a non-negative integer")
            runs = [e for e in runs if e.get("policy_id") == int(query["policy_id"])]
        runs = sorted(runs, key=lambda e: e["id"], reverse=self.executions_order == "newest_first")
        for ex in runs:
            self._settle(ex)
        page = [{k: v for k, v in e.items() if not k.startswith("_")}
                for e in runs[offset:offset + limit]]
        return json_response(200, {"executions": copy.deepcopy(page), "total": len(runs)})

    def _run_outcome(self, pol):
        """(ok, status_text) of a run of pol, from the stored credential of its target."""
        for side in ("dest_registry", "src_registry"):
            rid = (pol.get(side) or {}).get("id")
            reg = self.state.registries.get(rid) if rid else None
            if reg is None:
                continue
            secret = (reg.get("credential") or {}).get("access_secret") or ""
            want = self.state.accepted_secrets.get(str(rid))
            ok = secret == want if want is not None else bool(secret)
            host = urllib.parse.urlsplit(reg.get("url") or "").netloc or "target"
            return ok, UNAUTHORIZED_TEXT % host
        return False, "the policy's registry does not exist any more"

    def start_execution(self, req, groups):
        try:
            body = json.loads(req.body.decode("utf-8")) if req.body else None
        except (UnicodeDecodeError, ValueError):
            body = None
        if not isinstance(body, dict):
            raise invalid("body", "must be a JSON object")
        pid = body.get("policy_id")
        if not isinstance(pid, int) or isinstance(pid, bool):
            raise missing("policy_id") if pid is None else invalid("policy_id", "must be an integer")
        pol = next((p for p in self.state.policies if p.get("id") == pid), None)
        if pol is None:
            raise ApiError(swr_error(404, E_NOT_FOUND, "Replication policy not found: %d" % pid))
        ok, text = self._run_outcome(pol)
        now = time.time()
        eid = max((e["id"] for e in self.state.executions), default=0) + 1
        self.state.executions.append({
            "id": eid, "policy_id": pid, "status": "InProgress", "status_text": "",
            "trigger": "manual", "total": 5, "succeed": 0, "failed": 0, "in_progress": 5,
            "stopped": 0, "created_at": format_ts(now), "updated_at": format_ts(now),
            "_done_at": now + self.run_seconds, "_ok": ok, "_text": text})
        return json_response(201, {"id": eid})


# --------------------------------------------------------------------------
# IAM password login and STS decoding
# --------------------------------------------------------------------------

IAM_TOKENS_PATH = "/v3/auth/tokens"
STS_DECODE_PATH = "/v5/decode-authorization-message"
TOKEN_LIFETIME = 24 * 3600           # seconds an IAM token lives
STS_MESSAGE_MAX = 10240              # characters of an encoded message
E_STS_INVALID = "STS.0001"           # invalid request body or parameter
E_STS_UNDECODABLE = "STS.0002"       # the encoded message cannot be decoded
_TOTP_RE = re.compile(r"[0-9]{6}")


def iam_error(status, message):
    """An error in IAM's own (Keystone) format."""
    try:
        title = HTTPStatus(status).phrase
    except ValueError:
        title = "Error"
    return json_response(status, {"error": {"code": status, "message": message, "title": title}})


def parse_iam_user(spec):
    """``NAME:ACCOUNT:PASSWORD[:TOTP_CODE]`` (or a dict with name, account, password, totp) -> dict.

    The password is everything after the second colon, except that a last
    field of exactly six digits after a further colon is the MFA code.
    """
    if isinstance(spec, dict):
        user = {k: spec.get(k) for k in ("name", "account", "password", "totp")}
    else:
        parts = str(spec).split(":", 2)
        if len(parts) < 3:
            raise ValueError("an IAM user is NAME:ACCOUNT:PASSWORD[:TOTP_CODE], not %r" % spec)
        name, account, rest = parts
        password, totp = rest, None
        head, sep, tail = rest.rpartition(":")
        if sep and _TOTP_RE.fullmatch(tail):
            password, totp = head, tail
        user = {"name": name, "account": account, "password": password, "totp": totp}
    for key in ("name", "account", "password"):
        if not isinstance(user[key], str) or not user[key]:
            raise ValueError("an IAM user needs a non-empty %s" % key)
    if user["totp"] is not None and not (isinstance(user["totp"], str)
                                         and _TOTP_RE.fullmatch(user["totp"])):
        raise ValueError("an MFA code is six digits")
    user["id"] = uuid.uuid5(uuid.NAMESPACE_URL, "iam-user:%s/%s" % (user["account"], user["name"])).hex
    user["domain_id"] = uuid.uuid5(uuid.NAMESPACE_URL, "iam-domain:%s" % user["account"]).hex
    return user


def decode_authorization_message(text):
    """The JSON text inside an encoded message of this emulator, or None."""
    try:
        raw = base64.b64decode(text.encode("ascii"), validate=True)
        doc = raw.decode("utf-8")
        if isinstance(json.loads(doc), dict):
            return doc
    except (ValueError, UnicodeError):
        pass
    return None


def _sts_signature_check(req, verifier):
    """Authentication of an STS call: an AK/SK signature, checked by `verifier`
    (the API's; keys come from ``--aksk``).  Tokens are not taken here."""
    authorization = (req.header("Authorization") or "").strip()
    if not authorization.startswith("SDK-HMAC-SHA256"):
        return gateway_error(401, E_GW_IAM,
                             "Incorrect IAM authentication information: this API takes an AK/SK-signed "
                             "request (SDK-HMAC-SHA256)", req.request_id)
    return verifier(req)


class Identity:
    """The emulated IAM (users, issued tokens) and STS decoding.  Thread-safe."""

    def __init__(self, users=None):
        self.lock = threading.Lock()
        self.users = []
        self.issued = {}     # token -> {"user": name, "account": ..., "expires_at": epoch, "expired": bool}
        self.token_lifetime = TOKEN_LIFETIME
        for spec in users or ():
            self.add_user(spec)

    def add_user(self, spec):
        user = parse_iam_user(spec)
        with self.lock:
            self.users = [u for u in self.users
                          if (u["name"], u["account"]) != (user["name"], user["account"])]
            self.users.append(user)
        return user

    def accepts(self, token):
        """True for a token issued by login and not expired."""
        with self.lock:
            entry = self.issued.get(token)
            return bool(entry) and not entry["expired"] and entry["expires_at"] > time.time()

    def expire_all(self):
        """Expire every issued token; returns how many were still good."""
        with self.lock:
            count = sum(1 for e in self.issued.values() if not e["expired"])
            for entry in self.issued.values():
                entry["expired"] = True
            return count

    def login(self, req, project_id, projects=()):
        """POST /v3/auth/tokens: password (and virtual MFA) authentication."""
        try:
            body = json.loads(req.body.decode("utf-8"))
            identity = body["auth"]["identity"]
            methods = identity["methods"]
            pw_user = identity["password"]["user"]
            name, password = pw_user["name"], pw_user["password"]
            account = pw_user["domain"]["name"]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError):
            return iam_error(400, "The request body is invalid: auth.identity.password.user "
                                  "(name, password, domain.name) and auth.identity.methods are required.")
        if (not isinstance(methods, list) or "password" not in methods
                or not all(isinstance(v, str) for v in (name, password, account))):
            return iam_error(400, "The request body is invalid: methods must include \"password\".")
        scope = body["auth"].get("scope")
        project = scope.get("project") if isinstance(scope, dict) else None
        region = project.get("name") if isinstance(project, dict) else None
        with self.lock:
            user = next((u for u in self.users if u["name"] == name and u["account"] == account), None)
        if user is None or user["password"] != password:
            return iam_error(401, "The username or password is wrong.")
        if user["totp"] is not None:
            totp = identity.get("totp") if isinstance(identity.get("totp"), dict) else None
            totp_user = totp.get("user") if totp and isinstance(totp.get("user"), dict) else {}
            if "totp" not in methods or not totp_user:
                resp = iam_error(401, "Virtual MFA verification is required for this user: add the totp "
                                      "method with the MFA code and the user ID.")
                doc = json.loads(resp.body)
                doc["error"]["user_id"] = user["id"]     # an emulator convenience (see the docstring)
                return json_response(401, doc)
            if totp_user.get("id") != user["id"]:
                return iam_error(401, "The user ID of the totp method does not match the user.")
            if totp_user.get("passcode") != user["totp"]:
                return iam_error(401, "The MFA verification code is wrong.")
        token = "emu-iam-" + uuid.uuid4().hex + uuid.uuid4().hex
        now = time.time()
        with self.lock:
            self.issued[token] = {"user": name, "account": account,
                                  "expires_at": now + self.token_lifetime, "expired": False}
        stamp = "%Y-%m-%dT%H:%M:%S.000000Z"
        out = {"token": {
            "expires_at": time.strftime(stamp, time.gmtime(now + self.token_lifetime)),
            "issued_at": time.strftime(stamp, time.gmtime(now)),
            "methods": [m for m in methods if m in ("password", "totp")],
            "user": {"id": user["id"], "name": name,
                     "domain": {"id": user["domain_id"], "name": account}},
        }}
        if isinstance(region, str) and region:
            project_id = next((p["id"] for p in projects if p.get("name") == region), project_id)
            out["token"]["project"] = {"id": project_id, "name": region,
                                       "domain": {"id": user["domain_id"], "name": account}}
        resp = json_response(201, out)
        resp.set_header("X-Subject-Token", token)
        return resp

    @staticmethod
    def decode(req, verifier):
        """POST /v5/decode-authorization-message (AK/SK-signed)."""
        refusal = _sts_signature_check(req, verifier)
        if refusal is not None:
            return refusal
        try:
            body = json.loads(req.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError):
            body = None
        message = body.get("encoded_message") if isinstance(body, dict) else None
        if not isinstance(message, str) or not 1 <= len(message) <= STS_MESSAGE_MAX:
            return swr_error(400, E_STS_INVALID,
                             "Invalid parameter: encoded_message must be a string of 1 to %d characters"
                             % STS_MESSAGE_MAX)
        doc = decode_authorization_message(message)
        if doc is None:
            return swr_error(400, E_STS_UNDECODABLE,
                             "The encoded authorization message is invalid and cannot be decoded")
        return json_response(200, {"decoded_message": doc})


# --------------------------------------------------------------------------
# Faults
# --------------------------------------------------------------------------

def check_fault(fault):
    """Validate one fault description; returns a clean copy or raises ValueError."""
    if not isinstance(fault, dict):
        raise ValueError("a fault must be a JSON object")
    unknown = set(fault) - FAULT_KEYS
    if unknown:
        raise ValueError("unknown fault member(s): %s" % ", ".join(sorted(unknown)))
    out = dict(fault)
    if "method" in out and not isinstance(out["method"], str):
        raise ValueError("method must be a string")
    if "path" in out and not isinstance(out["path"], str):
        raise ValueError("path must be a string")
    times = out.get("times", 1)
    if not isinstance(times, int) or isinstance(times, bool) or times == 0 or times < -1:
        raise ValueError("times must be a positive integer or -1 (unlimited)")
    out["times"] = times
    for key in ("delay", "interval"):
        if key in out and (not isinstance(out[key], (int, float)) or isinstance(out[key], bool)
                           or out[key] < 0):
            raise ValueError("%s must be a non-negative number of seconds" % key)
    if "status" in out and (not isinstance(out["status"], int) or not 100 <= out["status"] <= 599):
        raise ValueError("status must be an HTTP status code")
    if "headers" in out and (not isinstance(out["headers"], dict)
                             or not all(isinstance(v, str) for v in out["headers"].values())):
        raise ValueError("headers must be an object of strings")
    if "body" in out and not isinstance(out["body"], str):
        raise ValueError("body must be a string")
    if "body_b64" in out:
        try:
            base64.b64decode(out["body_b64"], validate=True)
        except (TypeError, ValueError):
            raise ValueError("body_b64 must be a string of base64") from None
    if "action" in out and out["action"] not in FAULT_ACTIONS:
        raise ValueError("action must be one of: %s" % ", ".join(sorted(FAULT_ACTIONS)))
    if "size" in out and (not isinstance(out["size"], int) or out["size"] < 0):
        raise ValueError("size must be a non-negative integer")
    return out


def fault_matches(fault, method, path):
    if "method" in fault and fault["method"].upper() != method.upper():
        return False
    return path.startswith(fault.get("path", ""))


# --------------------------------------------------------------------------
# HTTP server
# --------------------------------------------------------------------------

class _Server(ThreadingHTTPServer):
    """Threaded HTTP server that counts connections and can speak TLS."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, emulator, ssl_context=None):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.emulator = emulator
        self.ssl_context = ssl_context
        self.open_connections = set()     # sockets being served, closed on stop()
        self.reset_on_close = set()       # sockets to close with RST (SO_LINGER 0)
        self.conn_lock = threading.Lock()
        super().__init__(address, _Handler)

    def server_bind(self):
        # HTTPServer.server_bind would do a reverse DNS lookup; not needed here.
        socketserver.TCPServer.server_bind(self)
        self.server_name = self.server_address[0]
        self.server_port = self.server_address[1]

    def get_request(self):
        sock, addr = self.socket.accept()
        self.emulator._count_connection()
        if self.ssl_context is not None:
            # The handshake runs later in the connection's own thread, so a
            # slow or refusing client never blocks the accept loop.
            sock = self.ssl_context.wrap_socket(sock, server_side=True,
                                                do_handshake_on_connect=False)
        with self.conn_lock:
            self.open_connections.add(sock)
        return sock, addr

    def finish_request(self, request, client_address):
        if isinstance(request, ssl.SSLSocket):
            try:
                request.settimeout(HANDSHAKE_TIMEOUT)
                request.do_handshake()
            except (OSError, ssl.SSLError, ValueError):
                return        # client refused our certificate, spoke plain HTTP, ...
        super().finish_request(request, client_address)

    def shutdown_request(self, request):
        with self.conn_lock:
            self.open_connections.discard(request)
            abort = request in self.reset_on_close
            self.reset_on_close.discard(request)
        if abort:
            request.close()   # SO_LINGER 0 is set: the kernel sends RST, no FIN
        else:
            super().shutdown_request(request)

    def handle_error(self, request, client_address):
        exc = sys.exc_info()[1]
        if isinstance(exc, _CLIENT_GONE) or isinstance(exc, OSError):
            return
        self.emulator._log("error while serving %s: %r" % (client_address[0], exc))
        super().handle_error(request, client_address)

    def close_all_connections(self):
        with self.conn_lock:
            conns = list(self.open_connections)
        for sock in conns:
            try:
                socket.socket.shutdown(sock, socket.SHUT_RDWR)   # bypass the TLS layer
            except OSError:
                pass


class _Handler(BaseHTTPRequestHandler):
    """Reads each request and hands it to the control API, a fault or SwrApi."""

    protocol_version = "HTTP/1.1"
    server_version = "swr-emulator"
    sys_version = ""
    timeout = IDLE_TIMEOUT

    def __getattr__(self, name):
        # Every method (GET, PUT, PATCH, FOO, ...) goes through _dispatch, so an
        # unknown method gets the gateway's 404 rather than a 501.
        if name.startswith("do_"):
            return self._dispatch
        raise AttributeError(name)

    # -- logging (stderr, never headers or bodies) ----------------------------

    def log_message(self, format, *args):  # noqa: A002 (signature of the base class)
        self.server.emulator._log("%s %s" % (self.client_address[0], format % args),
                                  access=True)

    def _log_access(self, status, length):
        self.server.emulator._log('%s "%s %s" %d %d' % (
            self.client_address[0], self.command or "-", getattr(self, "path", "-"),
            status, length), access=True)

    def send_error(self, code, message=None, explain=None):
        """Errors detected while parsing the request line and headers."""
        self.close_connection = True
        try:
            self._send(json_response(code, {"error_code": "EMU.HTTP%d" % code,
                                            "error_msg": message or HTTPStatus(code).phrase}),
                       new_request_id())
        except _CLIENT_GONE:
            pass

    # -- writing ---------------------------------------------------------------

    def _write_head(self, status, headers):
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        lines = ["HTTP/1.1 %d %s" % (status, reason)]
        lines += ["%s: %s" % (k, v) for k, v in headers]
        self.wfile.write(("\r\n".join(lines) + "\r\n\r\n").encode("utf-8"))

    def _base_headers(self, request_id):
        return [("Date", formatdate(self.server.emulator.now(), usegmt=True)), ("Server", self.server_version),
                ("X-Request-Id", request_id)]

    def _send(self, resp, request_id):
        """Send a complete response, always framed (Content-Length, or a bodiless status)."""
        headers = self._base_headers(request_id) + resp.headers
        bodiless = resp.status in (204, 304) or resp.status < 200
        declared = resp.header("Content-Length")
        if declared is not None and declared != str(len(resp.body)):
            self.close_connection = True     # a fault lies about the length
        if not bodiless and declared is None:
            headers.append(("Content-Length", str(len(resp.body))))
        if (resp.header("Connection") or "").lower() == "close":
            self.close_connection = True
        elif self.close_connection:
            headers.append(("Connection", "close"))
        # logged before the body goes out: once a client has the whole answer, its line is in the log
        # (a client that stops the emulator at once must find it there)
        self._log_access(resp.status, len(resp.body))
        self._write_head(resp.status, headers)
        if self.command != "HEAD" and not bodiless and resp.body:
            self.wfile.write(resp.body)

    # -- reading ---------------------------------------------------------------

    def _read_body(self, request_id):
        """The request body as bytes, or None after answering an unreadable one."""
        too_large = gateway_error(413, E_GW_TOO_LARGE, "Request entity too large", request_id)
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            chunks, total = [], 0
            while True:
                line = self.rfile.readline(1024)
                try:
                    size = int(line.split(b";")[0].strip(), 16)
                except ValueError:
                    self.close_connection = True
                    self._send(swr_error(400, E_INVALID, "Invalid request body"), request_id)
                    return None
                if size == 0:
                    while self.rfile.readline(8192) not in (b"\r\n", b"\n", b""):
                        pass      # trailers
                    return b"".join(chunks)
                total += size
                if total > MAX_BODY:
                    self.close_connection = True
                    self._send(too_large, request_id)
                    return None
                data = self.rfile.read(size)
                self.rfile.readline(8)
                if len(data) < size:
                    self.close_connection = True
                    return None
                chunks.append(data)
        length = self.headers.get("Content-Length")
        if length is None:
            return b""
        if not DIGITS_RE.fullmatch(length.strip()):
            self.close_connection = True
            self._send(swr_error(400, E_INVALID, "Invalid Content-Length"), request_id)
            return None
        length = int(length)
        if length > MAX_BODY:
            self.close_connection = True
            self._send(too_large, request_id)
            return None
        data = self.rfile.read(length) if length else b""
        if len(data) < length:
            self.close_connection = True     # the client went away mid-body
            return None
        return data

    # -- dispatch --------------------------------------------------------------

    def _dispatch(self):
        request_id = new_request_id()
        try:
            self._dispatch_inner(request_id)
        except _CLIENT_GONE:
            self.close_connection = True

    def _dispatch_inner(self, request_id):
        emu = self.server.emulator
        target = self.path
        if target.startswith(("http://", "https://")):      # absolute form
            target = "/" + target.split("://", 1)[1].partition("/")[2]
        target = target.partition("#")[0]
        path, _, query = target.partition("?")
        body = self._read_body(request_id)
        if body is None:
            return
        if path == "/_emu" or path.startswith("/_emu/"):
            self._send(emu._control(self.command, path, body), request_id)
            return
        req = ApiRequest(self.command, path, query, list(self.headers.items()), body, request_id)
        emu._record(req)
        fault = emu._take_fault(self.command, path)
        if fault is None:
            self._send(emu.api.handle(req), request_id)
        else:
            self._serve_fault(fault, req)

    # -- faults ------------------------------------------------------------------

    def _serve_fault(self, fault, req):
        emu = self.server.emulator
        rid = req.request_id
        if fault.get("delay") and emu._stopping.wait(fault["delay"]):
            self.close_connection = True
            return
        action = fault.get("action")
        if action == "drop":
            self.close_connection = True       # close (FIN) without a single byte
            self._log_access(0, 0)
            return
        if action == "reset_mid_body":
            self._reset_mid_body(fault, rid)
            return
        if action == "oversize":
            self._oversize(fault, rid)
            return
        if action == "redirect":
            location = fault.get("location") or emu.url + "/_emu/redirected"
            resp = Response(fault.get("status", 302), b"", [("Location", location)])
        elif action == "old_format":
            resp = self._old_format(fault, req)
        elif "status" in fault or "json" in fault or "body" in fault or "body_b64" in fault:
            resp = self._synthesized(fault, rid)
        else:
            resp = emu.api.handle(req)      # delay/headers/trickle on the normal answer
        for name, value in (fault.get("headers") or {}).items():
            resp.set_header(name, value)
        if action == "trickle":
            self._trickle(resp, rid, fault.get("interval", 1.0))
        else:
            self._send(resp, rid)

    @staticmethod
    def _synthesized(fault, rid):
        status = fault.get("status", 500)
        if "json" in fault:
            return json_response(status, fault["json"])
        if "body" in fault:
            return Response(status, fault["body"].encode("utf-8"),
                            [("Content-Type", "text/plain; charset=utf-8")])
        if "body_b64" in fault:     # raw bytes: NUL, invalid UTF-8, anything
            return Response(status, base64.b64decode(fault["body_b64"]),
                            [("Content-Type", "application/json")])
        if status >= 400:
            defaults = {400: (E_INVALID, "Invalid parameter"), 401: (E_AUTH, "Authentication failed"),
                        403: (E_FORBIDDEN, "Insufficient permissions"),
                        404: (E_NOT_FOUND, "URL not found"), 409: ("SVCSTG.SWR.4090023", "System busy"),
                        429: ("APIGW.0308", "The throttling threshold has been reached")}
            code, msg = defaults.get(status, ("SVCSTG.SWR.5000011", "Internal server error"))
            return swr_error(status, code, msg)
        return Response(status, b"")

    def _old_format(self, fault, req):
        status = fault.get("status", 500)
        code = fault.get("code", "SVCSTG.SWR.5000011")
        message = fault.get("message", "Internal server error")
        if "encoded_authorization_message" in fault:
            enc = fault["encoded_authorization_message"]
        elif status == 403:
            emu = self.server.emulator
            enc = encoded_authorization_message("swr:instance:*", emu.api.state.project_id,
                                                emu.api.state.instance_id, req.request_id)
        else:
            enc = ""
        return json_response(status, {"errors": [{"errorCode": code, "errorMessage": message,
                                                  "detail": "",
                                                  "encoded_authorization_message": enc}]})

    def _reset_mid_body(self, fault, rid):
        """Promise 100000 bytes, send about 1000, then abort the connection with RST."""
        partial = b'{"registries":['
        item = b'{"id":1,"name":"partial","type":"swr-pro","url":"https://partial.example.com"},'
        while len(partial) < 1000:
            partial += item
        partial = partial[:1000]
        headers = self._base_headers(rid) + [("Content-Type", "application/json"),
                                             ("Content-Length", "100000")]
        self._write_head(fault.get("status", 200), headers)
        self.wfile.write(partial)
        self.wfile.flush()
        self._abort_with_rst()
        self._log_access(fault.get("status", 200), len(partial))

    def _abort_with_rst(self):
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            return
        with self.server.conn_lock:
            self.server.reset_on_close.add(self.request)

    def _oversize(self, fault, rid):
        """A 200 answer of `size` bytes, streamed in chunks (never built in memory)."""
        size = fault.get("size", OVERSIZE_DEFAULT)
        if fault.get("valid_json"):
            prefix, suffix = b'{"registries":[],"total":0,"padding":"', b'"}'
            fill = b"a"
        else:
            prefix, suffix, fill = b"", b"", b"A"
        pad = max(0, size - len(prefix) - len(suffix))
        total = len(prefix) + pad + len(suffix)
        headers = self._base_headers(rid) + [("Content-Type", "application/json")]
        if fault.get("no_length"):
            headers.append(("Connection", "close"))
            self.close_connection = True
        else:
            headers.append(("Content-Length", str(total)))
        self._write_head(fault.get("status", 200), headers)
        if self.command == "HEAD":
            return
        self.wfile.write(prefix)
        block = fill * 65536
        stopping = self.server.emulator._stopping
        while pad > 0 and not stopping.is_set():
            n = min(pad, len(block))
            self.wfile.write(block if n == len(block) else block[:n])
            pad -= n
        if pad > 0:
            self.close_connection = True
            return
        self.wfile.write(suffix)
        self._log_access(fault.get("status", 200), total)

    def _trickle(self, resp, rid, interval):
        """Send the head at once, then the body one byte every `interval` seconds."""
        headers = self._base_headers(rid) + resp.headers
        bodiless = resp.status in (204, 304) or resp.status < 200
        if resp.header("Content-Length") is None and not bodiless:
            headers.append(("Content-Length", str(len(resp.body))))
        self._write_head(resp.status, headers)
        if bodiless or self.command == "HEAD":
            return
        stopping = self.server.emulator._stopping
        for i in range(len(resp.body)):
            if i and stopping.wait(interval):
                self.close_connection = True
                return
            self.wfile.write(resp.body[i:i + 1])
        self._log_access(resp.status, len(resp.body))


# --------------------------------------------------------------------------
# The emulator object
# --------------------------------------------------------------------------

class Emulator:
    """An emulated SWR instance served over HTTP(S) from a background thread.

    Options (all keyword): host, port, state (a state document dict or a path
    to a JSON file), sample, generate, tokens, forbidden_tokens, project_id,
    instance_id, tls_cert, tls_key, create_status, secret_style,
    strict_dns_conf, strict_insecure, quiet (default True here), aksk_verifier,
    log_stream (default stderr), iam_users (specs for Identity.add_user).

    Methods mirror the control API: requests(), clear_requests(), faults(),
    add_fault(), clear_faults(), get_state(), set_state(), stats(), reset().
    `api` is the SwrApi (its settings can be changed while running).
    """

    def __init__(self, host="127.0.0.1", port=0, state=None, sample=False, generate=0,
                 tokens=None, forbidden_tokens=None, project_id=None, instance_id=None,
                 tls_cert=None, tls_key=None, create_status=201, secret_style="masked",
                 strict_dns_conf=False, strict_insecure=False, quiet=True,
                 aksk_verifier=None, log_stream=None, iam_users=None):
        if create_status not in (200, 201):
            raise ValueError("create_status must be 200 or 201")
        if secret_style not in SECRET_STYLES:
            raise ValueError("secret_style must be one of %s" % ", ".join(SECRET_STYLES))
        if bool(tls_cert) != bool(tls_key):
            raise ValueError("tls_cert and tls_key go together")
        if state is not None and sample:
            raise ValueError("state and sample are exclusive")
        if isinstance(state, (str, os.PathLike)):
            with open(state, encoding="utf-8") as fh:
                state = json.load(fh)
        if sample:
            state = sample_document()
        doc = state if state is not None else {}
        st = State.from_document(doc, project_id, instance_id)
        if generate:
            st.generate(int(generate))

        self.host = host
        self._requested_port = port
        self.quiet = quiet
        self._log_stream = log_stream or sys.stderr
        self._log_lock = threading.Lock()
        self.lock = threading.RLock()
        self.api = SwrApi(st, self.lock, tokens=tokens, forbidden_tokens=forbidden_tokens,
                          create_status=create_status, secret_style=secret_style,
                          strict_dns_conf=strict_dns_conf, strict_insecure=strict_insecure,
                          aksk_verifier=aksk_verifier)
        self.api.identity = Identity(iam_users)
        self._ssl_context = None
        if tls_cert:
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(tls_cert, tls_key)
            self._ssl_context = ctx
        self._requests = []
        self._faults = []
        self._connections = 0
        self._request_count = 0
        self._stopping = threading.Event()
        self._server = None
        self._thread = None

    # -- AK/SK keys and the clock of their date check ----------------------------

    clock_skew = 0.0    # seconds added to the real clock (see set_clock_skew)

    def now(self):
        """The emulator's clock: the real time plus clock_skew."""
        return time.time() + self.clock_skew

    def set_clock_skew(self, seconds):
        """Shift the clock that AK/SK date checks use (seconds, may be negative)."""
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool):
            raise ValueError("skew must be a number of seconds")
        self.clock_skew = float(seconds)

    def set_replication(self, doc):
        """``run_seconds`` and/or ``order`` ("newest_first", the default, or "oldest_first": the order
        of the runs in a list of executions, which the service does not document)."""
        if not isinstance(doc, dict) or not doc or set(doc) - {"run_seconds", "order"}:
            raise ValueError("expected an object with run_seconds and/or order")
        if "order" in doc:
            if doc["order"] not in ("newest_first", "oldest_first"):
                raise ValueError("order must be newest_first or oldest_first")
            self.api.executions_order = doc["order"]
        if "run_seconds" in doc:
            self.set_run_seconds(doc["run_seconds"])

    def set_run_seconds(self, seconds):
        """How long a started replication run stays InProgress (seconds, 0 or more)."""
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
            raise ValueError("run_seconds must be a non-negative number")
        self.api.run_seconds = float(seconds)

    def set_token_lifetime(self, seconds):
        """How long a token issued by IAM login lives from now on (seconds, more than 0)."""
        if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds <= 0:
            raise ValueError("seconds must be a positive number")
        self.api.identity.token_lifetime = float(seconds)

    def set_aksk_keys(self, specs):
        """Accept AK/SK signatures of these keys (``AK:SK`` or ``AK:SK:SECURITY_TOKEN``
        specs, or a dict AK -> SK or (SK, token)), checked as the gateway does."""
        self.api.aksk_verifier = AkskVerifier(specs, clock=self.now)

    # -- life cycle ------------------------------------------------------------

    def start(self):
        """Bind and serve from a daemon thread; returns self."""
        self._server = _Server((self.host, self._requested_port), self, self._ssl_context)
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        kwargs={"poll_interval": 0.05},
                                        name="swr-emulator", daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving, close the listening socket and every open connection."""
        if self._server is None:
            return
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._server.close_all_connections()
        self._thread.join(5)
        self._server = None

    def __enter__(self):
        return self.start() if self._server is None else self

    def __exit__(self, *exc):
        self.stop()

    @property
    def port(self):
        return self._server.server_address[1]

    @property
    def url(self):
        host = "[%s]" % self.host if ":" in self.host else self.host
        scheme = "https" if self._ssl_context else "http"
        return "%s://%s:%d" % (scheme, host, self.port)

    @property
    def project_id(self):
        return self.api.state.project_id

    @property
    def instance_id(self):
        return self.api.state.instance_id

    @property
    def base_path(self):
        """``/v2/{project_id}/instances/{instance_id}``."""
        return "/v2/%s/instances/%s" % (self.project_id, self.instance_id)

    # -- recorded requests, faults, state, stats ----------------------------------

    def requests(self):
        """API requests received so far, oldest first (copies)."""
        with self.lock:
            return copy.deepcopy(self._requests)

    def clear_requests(self):
        with self.lock:
            self._requests.clear()

    def add_fault(self, fault):
        """Queue one fault (dict) or several (list); raises ValueError if invalid."""
        faults = fault if isinstance(fault, list) else [fault]
        checked = [check_fault(f) for f in faults]
        with self.lock:
            self._faults.extend(checked)
        return len(checked)

    def faults(self):
        """The queued faults, with the number of uses left in `times`."""
        with self.lock:
            return copy.deepcopy(self._faults)

    def clear_faults(self):
        with self.lock:
            self._faults.clear()

    def get_state(self):
        """The full state document, real secrets included."""
        with self.lock:
            return self.api.state.to_document()

    def set_state(self, doc):
        """Replace the state (same format as --state); raises ValueError if invalid."""
        with self.lock:
            current = self.api.state
            new = State.from_document(
                dict(doc, project_id=doc.get("project_id") or current.project_id,
                     instance_id=doc.get("instance_id") or current.instance_id)
                if isinstance(doc, dict) else doc)
            self.api.state = new

    def stats(self):
        with self.lock:
            return {"connections": self._connections, "requests": self._request_count}

    def reset(self):
        """Clear recorded requests, faults and counters (the state stays)."""
        with self.lock:
            self._requests.clear()
            self._faults.clear()
            self._connections = 0
            self._request_count = 0

    # -- internals used by the server ------------------------------------------

    def _count_connection(self):
        with self.lock:
            self._connections += 1

    def _record(self, req):
        entry = {"method": req.method, "path": req.path, "query": req.query,
                 "headers": dict(req.headers),
                 "body": req.body.decode("utf-8", errors="replace"),
                 "request_id": req.request_id,
                 "time": time.time()}     # when it was received (seconds since the epoch)
        with self.lock:
            self._requests.append(entry)
            self._request_count += 1

    def _take_fault(self, method, path):
        with self.lock:
            for i, fault in enumerate(self._faults):
                if fault_matches(fault, method, path):
                    if fault["times"] > 0:
                        fault["times"] -= 1
                        if fault["times"] == 0:
                            del self._faults[i]
                    return dict(fault)
        return None

    def _log(self, message, access=False):
        if access and self.quiet:
            return
        with self._log_lock:
            try:
                self._log_stream.write("swr-emulator: %s\n" % message)
                self._log_stream.flush()
            except (OSError, ValueError):
                pass

    def _control(self, method, path, body):
        """The /_emu/ control API; returns a Response."""
        def parsed():
            try:
                return json.loads(body.decode("utf-8")) if body else None
            except (UnicodeDecodeError, ValueError):
                raise ValueError("the body is not JSON") from None

        routes = {
            ("/_emu/requests", "GET"): lambda: json_response(200, self.requests()),
            ("/_emu/requests", "DELETE"): lambda: (self.clear_requests(), Response(204))[1],
            ("/_emu/faults", "GET"): lambda: json_response(200, self.faults()),
            ("/_emu/faults", "POST"): lambda: json_response(200, {"queued": self.add_fault(parsed())}),
            ("/_emu/faults", "DELETE"): lambda: (self.clear_faults(), Response(204))[1],
            ("/_emu/state", "GET"): lambda: json_response(200, self.get_state()),
            ("/_emu/state", "PUT"): lambda: (self.set_state(parsed()), Response(204))[1],
            ("/_emu/stats", "GET"): lambda: json_response(200, self.stats()),
            ("/_emu/reset", "POST"): lambda: (self.reset(), Response(204))[1],
            ("/_emu/clock", "GET"): lambda: json_response(200, {"skew": self.clock_skew,
                                                                 "now": self.now()}),
            ("/_emu/replication", "GET"): lambda: json_response(
                200, {"run_seconds": self.api.run_seconds, "order": self.api.executions_order}),
            ("/_emu/replication", "PUT"): lambda: (self.set_replication(parsed() or {}),
                                                   Response(204))[1],
            ("/_emu/clock", "PUT"): lambda: (self.set_clock_skew((parsed() or {}).get("skew")),
                                             Response(204))[1],
            ("/_emu/expire-tokens", "POST"): lambda: json_response(
                200, {"expired": self.api.identity.expire_all()}),
            ("/_emu/token-lifetime", "PUT"): lambda: (self.set_token_lifetime(
                (parsed() or {}).get("seconds")), Response(204))[1],
            ("/_emu/iam-users", "POST"): lambda: json_response(200, {"added": [
                self.api.identity.add_user(u)["name"]
                for u in (parsed() if isinstance(parsed(), list) else [parsed()])]}),
        }
        route = routes.get((path, method))
        if route is None:
            known = any(p == path for p, _ in routes)
            return json_response(405 if known else 404,
                                 {"error": "%s %s is not a control endpoint" % (method, path)})
        try:
            return route()
        except ValueError as err:
            return json_response(400, {"error": str(err)})


# --------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------

def parse_args(argv):
    p = argparse.ArgumentParser(
        prog="swr_emulator.py",
        description="Local emulator of the SWR Enterprise Edition replication-target API.")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=0, help="port (default 0: a free one)")
    src = p.add_mutually_exclusive_group()
    src.add_argument("--state", metavar="FILE.json", help="load this state document")
    src.add_argument("--sample", action="store_true", help="load the built-in sample registries")
    p.add_argument("--generate", type=int, default=0, metavar="N",
                   help="add N generated registries (reg-00001 ...)")
    p.add_argument("--token", action="append", metavar="TOKEN",
                   help="accepted X-Auth-Token (repeatable; default %s)" % DEFAULT_TOKEN)
    p.add_argument("--forbidden-token", action="append", metavar="TOKEN",
                   help="token answered with 403 Insufficient permissions (repeatable)")
    p.add_argument("--project-id", help="project id in the path (default %s)" % DEFAULT_PROJECT_ID)
    p.add_argument("--instance-id", help="instance id in the path (default %s)" % DEFAULT_INSTANCE_ID)
    p.add_argument("--tls-cert", metavar="CERT.pem", help="serve HTTPS with this certificate")
    p.add_argument("--tls-key", metavar="KEY.pem", help="private key of --tls-cert")
    p.add_argument("--create-status", type=int, choices=(200, 201), default=201,
                   help="status of a successful create (default 201)")
    p.add_argument("--secret-style", choices=SECRET_STYLES, default="masked",
                   help="how access_secret is returned (default masked: \"*****\")")
    p.add_argument("--strict-dns-conf", action="store_true",
                   help="require dns_conf for type swr-pro")
    p.add_argument("--strict-insecure", action="store_true",
                   help="require insecure=true for type swr-pro-internal")
    p.add_argument("--port-file", metavar="FILE", help="also write the port number to FILE")
    p.add_argument("--quiet", action="store_true", help="no access log on stderr")
    p.add_argument("--aksk", action="append", metavar="AK:SK[:SECURITY_TOKEN]",
                   help="accept AK/SK signatures (SDK-HMAC-SHA256) of this key pair, checked as the "
                        "gateway does; with SECURITY_TOKEN, temporary keys (repeatable)")
    p.add_argument("--clock-skew", type=float, default=0.0, metavar="SECONDS",
                   help="shift the clock of the AK/SK date check (also PUT /_emu/clock)")
    p.add_argument("--run-seconds", type=float, default=2.0, metavar="SECONDS",
                   help="how long a started replication run stays InProgress before it succeeds "
                        "or fails (default 2; also PUT /_emu/replication)")
    p.add_argument("--iam-user", action="append", metavar="NAME:ACCOUNT:PASSWORD[:TOTP_CODE]",
                   help="an IAM user who may log in (POST /v3/auth/tokens); with a six-digit "
                        "TOTP_CODE the user has virtual MFA (repeatable)")
    p.add_argument("--token-lifetime", type=float, default=TOKEN_LIFETIME, metavar="SECONDS",
                   help="how long a token issued by IAM login lives (default 86400; also "
                        "PUT /_emu/token-lifetime)")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.generate < 0:
        p.error("--generate must not be negative")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        emu = Emulator(host=args.host, port=args.port, state=args.state, sample=args.sample,
                       generate=args.generate, tokens=args.token,
                       forbidden_tokens=args.forbidden_token, project_id=args.project_id,
                       instance_id=args.instance_id, tls_cert=args.tls_cert,
                       tls_key=args.tls_key, create_status=args.create_status,
                       secret_style=args.secret_style, strict_dns_conf=args.strict_dns_conf,
                       strict_insecure=args.strict_insecure, quiet=args.quiet,
                       iam_users=args.iam_user)
        emu.set_clock_skew(args.clock_skew)
        emu.set_run_seconds(args.run_seconds)
        emu.set_token_lifetime(args.token_lifetime)
        if args.aksk:
            emu.set_aksk_keys(args.aksk)
        emu.start()
    except (OSError, ValueError, ssl.SSLError) as err:
        sys.stderr.write("swr-emulator: cannot start: %s\n" % err)
        return 2

    stop = threading.Event()

    def on_signal(signum, frame):
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w", encoding="ascii") as fh:
            fh.write("%d\n" % emu.port)
        os.replace(tmp, args.port_file)     # readers never see a half-written file
    sys.stdout.write("SWR-EMULATOR LISTENING %s\n" % emu.url)
    sys.stdout.flush()

    while not stop.wait(0.5):
        pass
    emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
