"""Shared by the fault-matrix tests (tests/integration/test_faults.py, tests/screen/test_screen_faults.py):
the TLS certificates of the matrix made with the openssl command (a private CA, a good server
certificate, a self-signed one, one for another host, an expired one), free ports, and the timing of the
requests the emulator received."""
import os
import shutil
import socket
import subprocess

EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _openssl(*args):
    p = subprocess.run(["openssl", *args], capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)} failed: {p.stderr}")


class Certs:
    """The certificates of the TLS cases, in directory d. Attributes are (cert, key) pairs, and ca the CA
    file to pass as --cacert: good (signed by the CA for 127.0.0.1), self_signed (127.0.0.1, not signed by
    the CA), wrong_host (signed by the CA for wrong-host.example only), expired (signed by the CA for
    127.0.0.1, valid in January 2020 only: made with `openssl ca -startdate -enddate`)."""

    def __init__(self, d):
        if not shutil.which("openssl"):
            import unittest
            raise unittest.SkipTest("the openssl command is not installed")
        self.dir = d
        self.ca = os.path.join(d, "ca.pem")
        ca_key = os.path.join(d, "ca.key")
        _openssl("req", "-x509", *EC, "-keyout", ca_key, "-out", self.ca, "-days", "30",
                 "-subj", "/CN=swrtui fault-matrix CA",
                 "-addext", "basicConstraints=critical,CA:TRUE",
                 "-addext", "keyUsage=critical,keyCertSign,cRLSign")
        # a throwaway `openssl ca` set-up: it alone can set any validity period
        os.makedirs(os.path.join(d, "issued"), exist_ok=True)
        open(os.path.join(d, "index.txt"), "w").close()
        with open(os.path.join(d, "serial"), "w") as f:
            f.write("1000\n")
        cfg = os.path.join(d, "ca.cnf")
        with open(cfg, "w") as f:
            f.write(f"[ca]\ndefault_ca = fault_ca\n[fault_ca]\ndir = {d}\ndatabase = {d}/index.txt\n"
                    f"new_certs_dir = {d}/issued\nserial = {d}/serial\ndefault_md = sha256\n"
                    "policy = any_name\nunique_subject = no\ncopy_extensions = none\n"
                    "[any_name]\ncommonName = supplied\n"
                    "[for_localhost]\nsubjectAltName = IP:127.0.0.1,DNS:localhost\n"
                    "basicConstraints = critical,CA:FALSE\nextendedKeyUsage = serverAuth\n"
                    "[for_wrong_host]\nsubjectAltName = DNS:wrong-host.example\n"
                    "basicConstraints = critical,CA:FALSE\nextendedKeyUsage = serverAuth\n")

        def issue(name, cn, ext, dates):
            key, csr, cert = (os.path.join(d, name + x) for x in (".key", ".csr", ".pem"))
            _openssl("req", "-new", *EC, "-keyout", key, "-out", csr, "-subj", "/CN=" + cn)
            _openssl("ca", "-batch", "-notext", "-config", cfg, "-cert", self.ca, "-keyfile", ca_key,
                     "-in", csr, "-out", cert, "-extensions", ext, *dates)
            return cert, key

        self.good = issue("good", "127.0.0.1", "for_localhost", ["-days", "30"])
        self.wrong_host = issue("wrong-host", "wrong-host.example", "for_wrong_host", ["-days", "30"])
        self.expired = issue("expired", "127.0.0.1", "for_localhost",
                             ["-startdate", "20200101000000Z", "-enddate", "20200201000000Z"])
        ss_key, ss_cert = os.path.join(d, "self-signed.key"), os.path.join(d, "self-signed.pem")
        _openssl("req", "-x509", *EC, "-keyout", ss_key, "-out", ss_cert, "-days", "30", "-subj", "/CN=127.0.0.1",
                 "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost")
        self.self_signed = ss_cert, ss_key

    @staticmethod
    def tls_args(pair):
        return ["--tls-cert", pair[0], "--tls-key", pair[1]]


def gaps(requests):
    """Seconds between consecutive recorded requests (the emulator stamps each with its arrival time)."""
    return [b["time"] - a["time"] for a, b in zip(requests, requests[1:])]
