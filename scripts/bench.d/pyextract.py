"""Python's email package as an extraction peer: every leaf part of every message in an mbox that is
not the top-level message's main text/plain or text/html body, decoded and written to a file (names
made unique by a counter; no sanitizing beyond basename). Usage: pyextract.py MBOX OUTDIR"""
import email
import email.policy
import mailbox
import os
import sys


def main():
    mbox, out = sys.argv[1], sys.argv[2]
    box = mailbox.mbox(mbox, factory=lambda f: email.message_from_binary_file(f, policy=email.policy.default))
    written = 0
    for index, message in enumerate(box):
        body = message.get_body(preferencelist=("plain", "html"))
        for part in message.walk():
            if part.is_multipart() or part is body:
                continue
            payload = part.get_payload(decode=True)
            if payload is None:
                continue
            name = os.path.basename(part.get_filename() or f"part-{index}-{written}.bin") or "unnamed"
            written += 1
            with open(os.path.join(out, f"{written:07d}-{name}"), "wb") as f:
                f.write(payload)
    print(f"{written} parts")


if __name__ == "__main__":
    main()
