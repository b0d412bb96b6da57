"""A hostile HTTP proxy double on 127.0.0.1 for the proxy tests: it records the head of whatever reaches
it (a proxied "GET http://…" with its headers, or a "CONNECT host:port"). A plain proxied request is
answered 502 and never forwarded. A CONNECT is tunnelled to 127.0.0.1:tunnel_port whatever host it
names (so that an https endpoint with a name that resolves nowhere can be reached through the proxy, as
in a corporate network), or refused with 502 when tunnel_port is None. Standard library only."""
import select
import socket
import threading


class ProxyDouble:
    def __init__(self, tunnel_port=None):
        self.tunnel_port = tunnel_port
        self.heads = []  # the request heads received, in order (str)
        self._lock = threading.Lock()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def url(self, userinfo=""):
        return f"http://{userinfo}127.0.0.1:{self.port}"

    def received(self):
        with self._lock:
            return list(self.heads)

    def stop(self):
        self._stop.set()
        try:
            self._sock.close()
        except OSError:
            pass
        self._thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()

    def _serve(self):
        while not self._stop.is_set():
            r, _, _ = select.select([self._sock], [], [], 0.1)
            if not r:
                continue
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _read_head(self, conn):
        data = b""
        conn.settimeout(10)
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        return data

    def _handle(self, conn):
        try:
            data = self._read_head(conn)
            if not data:
                return
            head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
            with self._lock:
                self.heads.append(head)
            if head.startswith("CONNECT ") and self.tunnel_port is not None:
                self._tunnel(conn, data.split(b"\r\n\r\n", 1)[1])
                return
            conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except OSError:
            pass
        finally:
            conn.close()

    def _tunnel(self, conn, rest):
        up = socket.create_connection(("127.0.0.1", self.tunnel_port), timeout=10)
        try:
            conn.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            if rest:
                up.sendall(rest)
            socks = [conn, up]
            while not self._stop.is_set():
                r, _, _ = select.select(socks, [], [], 0.2)
                for s in r:
                    chunk = s.recv(65536)
                    if not chunk:
                        return
                    (up if s is conn else conn).sendall(chunk)
        finally:
            up.close()
