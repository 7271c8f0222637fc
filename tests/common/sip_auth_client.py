"""A SIP-over-TLS client that signs in with SIP digest (RFC 2617, qop=auth), for the
directory tests: run inside the test's namespace against a registrar of the lab.

Usage: sip_auth_client.py SERVER PORT DOMAIN SCENARIO ARGS...
  noauth USER                    REGISTER without credentials: prints the answer's status
  register USER PASSWORD         REGISTER answering the challenge: prints the final status
  spoof USER PASSWORD VICTIM     REGISTER VICTIM's address signed in as USER: final status
  message-as USER PASSWORD VICTIM TO   a MESSAGE whose From is VICTIM, signed in as USER
  deliver A APASS B BPASS        both register; A sends B a MESSAGE: prints "delivered"
  disable-watch A APASS B BPASS GOFILE   both register, B reaches A; prints "ready", waits for
                                 GOFILE, then B sends A a MESSAGE every second until it is
                                 answered 480: prints "gone after N s"
  lockout USER PASSWORD          wrong passwords until refused (ten at most), then the right
                                 one: its final status
Exits 1 saying what went wrong. Standard library only.
"""

import hashlib
import os
import re
import select
import socket
import ssl
import sys
import time


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


class Agent:
    def __init__(self, address, port, user, domain, password):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        # The registrar's certificate is checked by the wizard's own tests; this client needs
        # the TLS transport and the sign-in.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        raw = socket.create_connection((address, port), timeout=10)
        self.local = "%s:%d" % raw.getsockname()[:2]
        self.tls = context.wrap_socket(raw)
        self.user, self.domain, self.password = user, domain, password
        self.seq, self.buffer = 0, b""

    def send(self, method, uri, to, extra="", body="", sender=None):
        self.seq += 1
        u, s = sender or self.user, self.seq
        message = (
            f"{method} {uri} SIP/2.0\r\nVia: SIP/2.0/TLS {self.local};branch=z9hG4bK{u}{s}{method}{time.time_ns()}\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:{u}@{self.domain}>;tag={u}{s}\r\nTo: <{to}>\r\n"
            f"Call-ID: {u}-{s}-{self.local}@auth-test\r\nCSeq: {s} {method}\r\n{extra}"
            f"Content-Length: {len(body.encode())}\r\n\r\n{body}"
        )
        self.tls.sendall(message.encode())

    def receive(self, limit=10):
        deadline = time.monotonic() + limit
        while b"\r\n\r\n" not in self.buffer:
            if not self.tls.pending():
                left = deadline - time.monotonic()
                r, _, _ = select.select([self.tls], [], [], max(left, 0))
                if not r:
                    raise SystemExit(f"{self.user}: nothing arrived within {limit} s")
            chunk = self.tls.recv(65536)
            if not chunk:
                raise SystemExit(f"{self.user}: the server closed the connection")
            self.buffer += chunk
        head, rest = self.buffer.split(b"\r\n\r\n", 1)
        length = 0
        for line in head.decode().split("\r\n"):
            if line.lower().startswith("content-length:"):
                length = int(line.split(":", 1)[1])
        while len(rest) < length:
            rest += self.tls.recv(65536)
        body, self.buffer = rest[:length], rest[length:]
        text = head.decode() + "\r\n\r\n" + body.decode()
        return text.split("\r\n", 1)[0], text

    def final(self):
        while True:
            start, text = self.receive()
            if not start.startswith("SIP/2.0 1"):
                return start, text

    def authorization(self, challenge, method, uri, password):
        header = "Authorization" if " 401 " in challenge.split("\r\n", 1)[0] else "Proxy-Authorization"
        name = "WWW-Authenticate" if header == "Authorization" else "Proxy-Authenticate"
        line = next(
            l for l in challenge.split("\r\n") if l.lower().startswith(name.lower() + ":")
        )
        fields = dict(re.findall(r'(\w+)="?([^",]*)"?', line.split(":", 1)[1]))
        realm, nonce = fields["realm"], fields["nonce"]
        ha1 = md5(f"{self.user}:{realm}:{password}")
        ha2 = md5(f"{method}:{uri}")
        cnonce, nc = "0a4f113b", "00000001"
        if "auth" in fields.get("qop", ""):
            response = md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            extra = f", qop=auth, nc={nc}, cnonce=\"{cnonce}\""
        else:
            response = md5(f"{ha1}:{nonce}:{ha2}")
            extra = ""
        return (
            f'{header}: Digest username="{self.user}", realm="{realm}", nonce="{nonce}", '
            f'uri="{uri}", response="{response}", algorithm=MD5{extra}\r\n'
        )

    def request(self, method, uri, to, extra="", body="", sender=None, password=None):
        """Sends a request, answers one challenge, returns the final answer."""
        password = self.password if password is None else password
        self.send(method, uri, to, extra, body, sender)
        start, text = self.final()
        if start.startswith("SIP/2.0 401") or start.startswith("SIP/2.0 407"):
            self.send(method, uri, to, self.authorization(text, method, uri, password) + extra, body, sender)
            start, text = self.final()
        return start, text

    def register(self, aor_user=None, password=None):
        aor = f"sip:{aor_user or self.user}@{self.domain}"
        contact = f"Contact: <sip:{self.user}@{self.local};transport=tls>\r\nExpires: 600\r\n"
        return self.request("REGISTER", f"sip:{self.domain}", aor, contact, password=password)

    def answer_ok(self, text):
        keep = ("via:", "from:", "to:", "call-id:", "cseq:")
        headers = "".join(
            line + "\r\n" for line in text.split("\r\n") if line.lower().startswith(keep)
        )
        self.tls.sendall(f"SIP/2.0 200 OK\r\n{headers}Content-Length: 0\r\n\r\n".encode())


def must_register(agent):
    start, text = agent.register()
    if start != "SIP/2.0 200 OK":
        raise SystemExit(f"{agent.user}: REGISTER answered {start}\n{text}")


def message(sender, receiver, text):
    """The sender's MESSAGE to the receiver, answered by the receiver: the final status."""
    to = f"sip:{receiver.user}@{sender.domain}"
    sender.send("MESSAGE", to, to, "Content-Type: text/plain\r\n", text)
    start, answer = sender.final()
    if start.startswith("SIP/2.0 407"):
        auth = sender.authorization(answer, "MESSAGE", to, sender.password)
        sender.send("MESSAGE", to, to, auth + "Content-Type: text/plain\r\n", text)
        while True:
            r, _, _ = select.select([sender.tls, receiver.tls], [], [], 10)
            if receiver.tls in r or receiver.buffer or receiver.tls.pending():
                got_start, got = receiver.receive()
                if not got_start.startswith("MESSAGE ") or not got.endswith(text):
                    raise SystemExit(f"{receiver.user} received {got}")
                receiver.answer_ok(got)
                continue
            if sender.tls in r or sender.buffer or sender.tls.pending():
                start, answer = sender.receive()
                if start.startswith("SIP/2.0 1"):
                    continue
                return start
            raise SystemExit("nothing arrived within 10 s")
    return start


def main():
    server, port, domain, scenario = sys.argv[1:5]
    args = sys.argv[5:]
    port = int(port)
    if scenario == "noauth":
        agent = Agent(server, port, args[0], domain, "")
        contact = f"Contact: <sip:{agent.user}@{agent.local};transport=tls>\r\n"
        agent.send("REGISTER", f"sip:{domain}", f"sip:{agent.user}@{domain}", contact)
        print(agent.final()[0])
    elif scenario == "register":
        print(Agent(server, port, args[0], domain, args[1]).register()[0])
    elif scenario == "spoof":
        agent = Agent(server, port, args[0], domain, args[1])
        print(agent.register(aor_user=args[2])[0])
    elif scenario == "message-as":
        agent = Agent(server, port, args[0], domain, args[1])
        must_register(agent)
        to = f"sip:{args[3]}@{domain}"
        start, _ = agent.request("MESSAGE", to, to, "Content-Type: text/plain\r\n", "spoofed", sender=args[2])
        print(start)
    elif scenario == "deliver":
        a = Agent(server, port, args[0], domain, args[1])
        b = Agent(server, port, args[2], domain, args[3])
        must_register(a)
        must_register(b)
        final = message(a, b, "hello through a signed-in registrar")
        if final != "SIP/2.0 200 OK":
            raise SystemExit(f"the MESSAGE was answered {final}")
        print("delivered")
    elif scenario == "disable-watch":
        a = Agent(server, port, args[0], domain, args[1])
        b = Agent(server, port, args[2], domain, args[3])
        must_register(a)
        must_register(b)
        final = message(b, a, "before")
        if final != "SIP/2.0 200 OK":
            raise SystemExit(f"before the disabling the MESSAGE was answered {final}")
        print("ready", flush=True)
        go = args[4]
        deadline = time.monotonic() + 120
        while not os.path.exists(go):
            if time.monotonic() > deadline:
                raise SystemExit("the test never said go")
            time.sleep(0.1)
        started = time.monotonic()
        while time.monotonic() - started < 45:
            final = message(b, a, "after")
            if final.startswith("SIP/2.0 480"):
                print(f"gone after {time.monotonic() - started:.0f} s")
                return
            time.sleep(1)
        raise SystemExit("the disabled user's registration was still there after 45 s")
    elif scenario == "lockout":
        agent = Agent(server, port, args[0], domain, args[1])
        # Failures earlier in the minute count too: wrong passwords until the address is
        # refused (at most ten), then the right one.
        for _ in range(10):
            start, _ = agent.register(password="wrong password")
            if start.startswith("SIP/2.0 403"):
                break
            if start != "SIP/2.0 401 Unauthorized":
                raise SystemExit(f"a wrong password was answered {start}")
        print(agent.register()[0])
    else:
        raise SystemExit(f"unknown scenario {scenario}")


main()
