"""Deterministic synthetic mailboxes for the benchmark, written straight into a Maildir `cur/`.

Three shapes:
- `realistic`: a mix like a business inbox: short plain text, HTML alternatives, quoted-printable
  Latin-1/UTF-8 bodies, base64 attachments (log-normal sizes, median ~36 KB), encoded-word subjects
  in GB2312 / Big5 / ISO-2022-JP / UTF-8, RFC 2231 attachment names, and body lines that begin with
  "From " or "." (the mbox quoting and POP3 dot-stuffing traps). ~80 KB per message on average.
- `small`: short plain text messages (~1-3 KB), for the incremental no-op scenario.
- `huge`: one message with a single base64 attachment of the given size, written in chunks.

Every message is stored with LF line endings (Maildir convention; the server sends CRLF) and named
`<time>.M<i>P1.bench,S=<bytes>,W=<crlf bytes>:2,` so Dovecot needs no extra pass to learn sizes.
The output depends only on the seed and the parameters.
"""
import base64
import os
import random
from email.header import Header
from email.utils import formatdate

WORDS = ("archive backup invoice meeting report quarterly pipeline mailbox server protocol delivery "
         "attachment budget review schedule contract minutes draft approval shipment").split()
LATIN = ("Grüße Straße Übergabe Größe naïve café déjà résumé façade señor año Ærø smörgåsbord").split()
SUBJECTS = [("gb2312", ["发票", "会议纪要", "季度报告", "邮件归档", "附件", "合同"]),
            ("big5", ["會議記錄", "季度報告", "郵件歸檔"]),
            ("iso-2022-jp", ["請求書", "会議", "報告書"]),
            ("utf-8", ["Überweisung", "Réunion d'équipe", "Отчёт за квартал", "Προσφορά"])]
NAMES = ["发票", "会议纪要", "會議記錄", "請求書", "Übersicht", "résumé"]
EXTS = [("pdf", "application/pdf"), ("png", "image/png"), ("zip", "application/zip"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("bin", "application/octet-stream")]


def _text(r, words):
    out, line = [], []
    for _ in range(words):
        line.append(r.choice(WORDS))
        if len(line) == 12:
            out.append(" ".join(line))
            line = []
    out.append(" ".join(line))
    return "\n".join(out) + "\n"


def _qp_latin(r, words):
    text = _text(r, words).split("\n")
    text = [t + " " + r.choice(LATIN) if t else t for t in text]
    return "\n".join(text).encode("latin-1")


def _qp_encode(raw):
    import quopri
    return quopri.encodestring(raw).replace(b"\r\n", b"\n")


def _b64(data):
    return base64.encodebytes(data)  # 76-column lines, LF


def _subject(r, i):
    c = r.random()
    if c < 0.30:
        charset, words = SUBJECTS[0 if c < 0.15 else 1 if c < 0.20 else 2 if c < 0.25 else 3]
        return Header(r.choice(words) + f" #{i}", charset).encode()
    return f"{r.choice(WORDS)} {r.choice(WORDS)} #{i}"


def _headers(r, i, subject, ctype, extra=()):
    h = [f"Return-Path: <sender{r.randint(1, 200)}@example.org>",
         f"From: Sender {r.randint(1, 200)} <sender{r.randint(1, 200)}@example.org>",
         "To: bench@example.net",
         f"Subject: {subject}",
         f"Date: {formatdate(1_700_000_000 + i * 3600, localtime=False)}",
         f"Message-ID: <bench-{i}@example.org>",
         "MIME-Version: 1.0",
         f"Content-Type: {ctype}"]
    h.extend(extra)
    return ("\n".join(h) + "\n\n").encode()


def _attachment(r, i, k):
    size = min(int(r.lognormvariate(10.5, 1.2)), 4_000_000)
    ext, ctype = r.choice(EXTS)
    if r.random() < 0.3:
        name = r.choice(NAMES) + f"_{i}_{k}.{ext}"
        disp = "attachment; filename*=utf-8''" + "".join(
            c if c.isascii() and (c.isalnum() or c in "._-") else "".join(f"%{b:02X}" for b in c.encode())
            for c in name)
    else:
        disp = f'attachment; filename="file_{i}_{k}.{ext}"'
    head = (f"Content-Type: {ctype}\nContent-Transfer-Encoding: base64\n"
            f"Content-Disposition: {disp}\n\n").encode()
    return head + _b64(r.randbytes(size))


def realistic(r, i):
    subject = _subject(r, i)
    kind = r.random()
    if kind < 0.35:
        body = _text(r, r.randint(20, 600)).encode() * r.randint(1, 3)
        msg = _headers(r, i, subject, "text/plain; charset=utf-8", ["Content-Transfer-Encoding: 8bit"]) + body
    elif kind < 0.45:
        body = _qp_encode(_qp_latin(r, r.randint(30, 400)))
        msg = _headers(r, i, subject, "text/plain; charset=iso-8859-1",
                       ["Content-Transfer-Encoding: quoted-printable"]) + body
    elif kind < 0.60:
        b = f"=_alt_{i}"
        t = _text(r, r.randint(50, 400))
        msg = (_headers(r, i, subject, f'multipart/alternative; boundary="{b}"')
               + f"--{b}\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\n\n".encode()
               + t.encode()
               + f"--{b}\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
               .encode()
               + _qp_encode(f"<html><body><p>{t} {r.choice(LATIN)}</p></body></html>\n".encode())
               + f"--{b}--\n".encode())
    else:
        b = f"=_mix_{i}"
        parts = [f"--{b}\nContent-Type: text/plain; charset=utf-8\n\n".encode() + _text(r, r.randint(20, 200)).encode()]
        for k in range(r.randint(1, 3)):
            parts.append(f"--{b}\n".encode() + _attachment(r, i, k))
        msg = _headers(r, i, subject, f'multipart/mixed; boundary="{b}"') + b"".join(parts) + f"--{b}--\n".encode()
    if r.random() < 0.05:
        msg = msg.replace(b"\n\n", b"\n\nFrom the desk of the archivist\n.leading dot line\n..two dots\n", 1)
    return msg


def small(r, i):
    body = _text(r, r.randint(20, 300)).encode()
    return _headers(r, i, _subject(r, i), "text/plain; charset=utf-8", ["Content-Transfer-Encoding: 8bit"]) + body


def _name(i, size, crlf_size):
    return f"{1_700_000_000 + i}.M{i}P1.bench,S={size},W={crlf_size}:2,"


def write_maildir(maildir, n, shape, seed):
    """Write n messages of `shape` ("realistic" or "small"); returns (count, bytes with LF)."""
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    r = random.Random(seed)
    build = realistic if shape == "realistic" else small
    total = 0
    for i in range(1, n + 1):
        raw = build(r, i)
        total += len(raw)
        with open(os.path.join(maildir, "cur", _name(i, len(raw), len(raw) + raw.count(b"\n"))), "wb") as f:
            f.write(raw)
    return n, total


def write_huge(maildir, megabytes, seed):
    """One message of about `megabytes` MB (a base64 attachment of 3/4 of that), written in 1 MB chunks."""
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(maildir, sub), exist_ok=True)
    r = random.Random(seed)
    tmp = os.path.join(maildir, "tmp", "huge")
    with open(tmp, "wb") as f:
        f.write(_headers(r, 1, "one huge attachment", 'multipart/mixed; boundary="=_huge"'))
        f.write(b"--=_huge\nContent-Type: text/plain\n\nsee attachment\n--=_huge\n"
                b"Content-Type: application/octet-stream\nContent-Transfer-Encoding: base64\n"
                b'Content-Disposition: attachment; filename="huge.bin"\n\n')
        left = megabytes * 1_000_000 * 57 // 77  # base64 turns 57 bytes into a 76-column line plus LF
        while left > 0:
            chunk = min(left, 57 * 17_000)  # a multiple of 57 bytes keeps 76-column lines across chunks
            f.write(_b64(r.randbytes(chunk)))
            left -= chunk
        f.write(b"--=_huge--\n")
    size = os.path.getsize(tmp)
    with open(tmp, "rb") as f:
        lines = sum(buf.count(b"\n") for buf in iter(lambda: f.read(1 << 20), b""))
    os.rename(tmp, os.path.join(maildir, "cur", _name(1, size, size + lines)))
    return 1, size
