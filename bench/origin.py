"""The benchmarks' origin: fixed bodies of 1 KiB to 1 MiB, cacheable for an hour. Usage: python3 origin.py PORT"""
import http.server
import socketserver
import sys

SIZES = {"/1k": 1024, "/16k": 16 * 1024, "/100k": 100 * 1024, "/1m": 1024 * 1024}


class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        n = SIZES.get(self.path.split("?")[0])
        if n is None:
            self.send_response(404); self.send_header("Content-Length", "0"); self.end_headers(); return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(n))
        self.send_header("Cache-Control", "max-age=3600")
        self.send_header("ETag", '"%d"' % n)
        self.end_headers()
        self.wfile.write(b"x" * n)

    def log_message(self, *a):
        pass


class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


S(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
