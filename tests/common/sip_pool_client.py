"""A SIP-over-TLS client for the pool tests, run inside the test's controller namespace:
registers bob through one Front End and alice through another, and has alice send bob a
MESSAGE: bob must receive it on his own connection and his 200 OK must reach alice.

Usage: sip_pool_client.py ALICE_SERVER_IP BOB_SERVER_IP PORT DOMAIN TEXT
Prints "delivered" and exits 0, or says what went wrong and exits 1. Standard library only.
"""

import select
import socket
import ssl
import sys
import time


class Agent:
    def __init__(self, address, port, user, domain):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        # The servers' certificates are checked by the wizard's own tests; this client only
        # needs the TLS transport.
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        raw = socket.create_connection((address, port), timeout=10)
        self.local = "%s:%d" % raw.getsockname()[:2]
        self.tls = context.wrap_socket(raw)
        self.user, self.domain, self.seq, self.buffer = user, domain, 0, b""

    def send(self, method, uri, to, extra="", body=""):
        self.seq += 1
        u, s = self.user, self.seq
        message = (
            f"{method} {uri} SIP/2.0\r\nVia: SIP/2.0/TLS {self.local};branch=z9hG4bK{u}{s}{method}\r\n"
            f"Max-Forwards: 70\r\nFrom: <sip:{u}@{self.domain}>;tag={u}{s}\r\nTo: <{to}>\r\n"
            f"Call-ID: {u}-{s}@pool-test\r\nCSeq: {s} {method}\r\n{extra}"
            f"Content-Length: {len(body.encode())}\r\n\r\n{body}"
        )
        self.tls.sendall(message.encode())

    def receive(self):
        while b"\r\n\r\n" not in self.buffer:
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

    def register(self):
        contact = f"Contact: <sip:{self.user}@{self.local};transport=tls>\r\nExpires: 600\r\n"
        self.send("REGISTER", f"sip:{self.domain}", f"sip:{self.user}@{self.domain}", contact)
        start, text = self.receive()
        if start != "SIP/2.0 200 OK":
            raise SystemExit(f"{self.user}: REGISTER answered {start}\n{text}")

    def answer_ok(self, text):
        keep = ("via:", "from:", "to:", "call-id:", "cseq:")
        headers = "".join(
            line + "\r\n" for line in text.split("\r\n") if line.lower().startswith(keep)
        )
        self.tls.sendall(f"SIP/2.0 200 OK\r\n{headers}Content-Length: 0\r\n\r\n".encode())


def readable(agent):
    return agent.buffer or agent.tls.pending()


def main():
    alice_server, bob_server, port, domain, text = sys.argv[1:6]
    bob = Agent(bob_server, int(port), "bob", domain)
    bob.register()
    alice = Agent(alice_server, int(port), "alice", domain)
    alice.register()
    to = f"sip:bob@{domain}"
    # The registration reaches the other servers of the pool asynchronously: a few tries.
    deadline = time.monotonic() + 10
    alice.send("MESSAGE", to, to, "Content-Type: text/plain\r\n", text)
    while True:
        ready = [a for a in (bob, alice) if readable(a)]
        if not ready:
            r, _, _ = select.select([bob.tls, alice.tls], [], [], 10)
            ready = [a for a in (bob, alice) if a.tls in r]
        if not ready:
            raise SystemExit("nothing arrived within 10 s")
        if bob in ready:
            break
        start, answer = alice.receive()
        if start.startswith("SIP/2.0 1"):
            continue
        if start.startswith("SIP/2.0 480") and time.monotonic() < deadline:
            time.sleep(0.2)
            alice.send("MESSAGE", to, to, "Content-Type: text/plain\r\n", text)
            continue
        raise SystemExit(f"the MESSAGE was answered {start}\n{answer}")
    received_start, received = bob.receive()
    if not received_start.startswith("MESSAGE sip:bob@") or not received.endswith(text):
        raise SystemExit(f"bob received {received}")
    bob.answer_ok(received)
    while True:
        final, answer = alice.receive()
        if not final.startswith("SIP/2.0 1"):
            break
    if final != "SIP/2.0 200 OK":
        raise SystemExit(f"alice got {final}\n{answer}")
    print("delivered")


main()
