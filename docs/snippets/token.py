# Signs Kith user tokens the way the host's own server does (docs/admin.md, section 3), with the standard
# library only (Python 3.10+).
#
#   KITH_SITE_SECRET=… python3 docs/snippets/token.py <site> <user-id> [name]          prints a token
#   KITH_SITE_SECRET=… python3 docs/snippets/token.py serve <site> <user-id> [name]
#       serves GET /kith-token on PORT (default 8081); the cookie session=demo stands in for a signed-in
#       session of <user-id>, anything else is signed out.
# The site, user id and name may also come from KITH_SITE, KITH_USER_ID and KITH_USER_NAME.
# The regions between [token] and [endpoint] markers are shown verbatim in docs/admin.md (a test checks).
import sys
from http.cookies import SimpleCookie
from http.server import HTTPServer

# [token]
import base64, hashlib, hmac, json, os, time

SECRET = os.environ["KITH_SITE_SECRET"].encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def kith_token(site: str, user_id: str, name: str | None = None, ttl: int = 600) -> str:
    """A Kith token (HS256 JWT) for the signed-in user, valid for ttl seconds."""
    now = int(time.time())
    claims = {"sub": str(user_id), "aud": site, "iat": now, "exp": now + ttl}
    if name:
        claims["name"] = name
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
    payload = _b64(json.dumps(claims).encode())
    signature = hmac.new(SECRET, f"{header}.{payload}".encode(), hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64(signature)}"
# [/token]


# [endpoint]
from http.server import BaseHTTPRequestHandler


def kith_token_handler(site: str, current_user):
    """An http.server handler class for GET /kith-token. current_user(request) is your own session lookup:
    the signed-in user as {"id": …, "name": …}, or None."""

    class KithTokenHandler(BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path != "/kith-token":
                return self.send_error(404)
            user = current_user(self)
            token = kith_token(site, user["id"], user.get("name")) if user else ""
            self.send_response(200 if token else 401)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(token.encode())

    return KithTokenHandler
# [/endpoint]


def main(args: list[str]) -> None:
    serve = args[:1] == ["serve"]
    if serve:
        args = args[1:]
    site, user_id, name = (args + [None] * 3)[:3]
    site = site or os.environ.get("KITH_SITE")
    user_id = user_id or os.environ.get("KITH_USER_ID")
    name = name or os.environ.get("KITH_USER_NAME")
    if not site or not user_id:
        sys.exit("usage: KITH_SITE_SECRET=… python3 token.py [serve] <site> <user-id> [name]")
    if not serve:
        print(kith_token(site, user_id, name))
        return

    def demo_session(request):
        cookie = SimpleCookie(request.headers.get("Cookie", ""))
        return {"id": user_id, "name": name} if "session" in cookie and cookie["session"].value == "demo" else None

    server = HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8081"))), kith_token_handler(site, demo_session))
    print(f"listening on http://127.0.0.1:{server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1:])
